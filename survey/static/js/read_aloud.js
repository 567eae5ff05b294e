// Read aloud: every question and answer option has a button that speaks it in the
// dialogue's language. A recorded file (made by `survey build-audio`) is preferred when
// the page names one; otherwise the browser's speech synthesis speaks, with a voice for
// that language. Without such a voice the button says so instead of staying silent.
// The buttons stay hidden without JavaScript: nothing could speak then.
(function () {
  "use strict";

  var synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  var voicesKnown = false;

  function baseLanguage(tag) { return (tag || "").toLowerCase().replace("_", "-").split("-")[0]; }

  // The best voice for a language: an exact match first, then any of the same language.
  function voiceFor(lang) {
    var voices = synth ? synth.getVoices() : [];
    var wanted = (lang || "").toLowerCase().replace("_", "-");
    var same = null;
    for (var i = 0; i < voices.length; i++) {
      var voiceLang = (voices[i].lang || "").toLowerCase().replace("_", "-");
      if (voiceLang === wanted) { return voices[i]; }
      if (!same && baseLanguage(voiceLang) === baseLanguage(wanted)) { same = voices[i]; }
    }
    return same;
  }

  function textOf(button) {
    var selector = button.getAttribute("data-read-target");
    if (selector) {
      var element = document.querySelector(selector);
      return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
    }
    return button.getAttribute("data-read-text") || "";
  }

  function setLabel(button, text) {
    var label = button.querySelector(".read-aloud-label");
    if (label) { label.textContent = text; }
  }

  function markNoVoice(button) {
    if (button.hasAttribute("data-no-voice")) { return; }
    var label = button.querySelector(".read-aloud-label");
    if (label) { button.setAttribute("data-label-read", label.textContent); }
    button.setAttribute("data-no-voice", "true");
    button.setAttribute("aria-disabled", "true");
    setLabel(button, button.getAttribute("data-label-no-voice"));
  }

  // Voices may arrive late (some tablets load them after the page): then it can speak.
  function markVoice(button) {
    if (!button.hasAttribute("data-no-voice")) { return; }
    button.removeAttribute("data-no-voice");
    button.removeAttribute("aria-disabled");
    setLabel(button, button.getAttribute("data-label-read"));
  }

  function canSpeak(button) {
    return button.hasAttribute("data-audio") || (synth !== null && voiceFor(button.getAttribute("data-lang")) !== null);
  }

  // Show the buttons; once the voices are known, say where none can speak.
  function refresh(root) {
    var buttons = (root || document).querySelectorAll("[data-read-aloud]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].hidden = false;
      if (!voicesKnown) { continue; }
      if (canSpeak(buttons[i])) { markVoice(buttons[i]); } else { markNoVoice(buttons[i]); }
    }
  }

  function speak(button) {
    var audioUrl = button.getAttribute("data-audio");
    if (audioUrl) {
      new Audio(audioUrl).play();
      return;
    }
    var lang = button.getAttribute("data-lang");
    var voice = synth ? voiceFor(lang) : null;
    if (!voice) { markNoVoice(button); return; }
    synth.cancel();
    var utterance = new window.SpeechSynthesisUtterance(textOf(button));
    utterance.lang = lang;
    utterance.voice = voice;
    synth.speak(utterance);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-read-aloud]") : null;
    if (!button) { return; }
    event.preventDefault();
    speak(button);
  });

  function voicesLoaded() { voicesKnown = true; refresh(document); }

  document.addEventListener("htmx:afterSettle", function () { refresh(document); });
  // A new question is coming: stop reading the old one.
  document.addEventListener("htmx:beforeSwap", function () { if (synth) { synth.cancel(); } });
  if (synth && synth.getVoices().length > 0) {
    voicesKnown = true;
  } else if (synth && "onvoiceschanged" in synth) {
    synth.addEventListener("voiceschanged", voicesLoaded);
    // Some browsers never fire the event when they have no voices at all.
    window.setTimeout(voicesLoaded, 1500);
  } else {
    voicesKnown = true;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { refresh(document); });
  } else {
    refresh(document);
  }
})();
