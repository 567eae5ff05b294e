// The tablet's scripts on top of htmx; every flow also works without them.
(function () {
  "use strict";

  var body = document.body;
  function byId(id) { return document.getElementById(id) || {}; }

  // After a swap, screen readers and keyboards go on from the new question.
  document.addEventListener("htmx:afterSettle", function (event) {
    var elt = event.detail.elt;
    var step = (elt.closest && elt.closest("[data-focus]")) || document.querySelector("#step[data-focus]");
    if (step) {
      var target = step.querySelector(step.getAttribute("data-focus"));
      var where = step.querySelector(".progress span") || target;
      if (target) { target.focus(); }
      byId("announcer").textContent = where ? where.textContent : "";
      byId("offline-notice").hidden = true;
    }
    showReadAloud();
  });

  // The idle lock: the next person at a shared tablet must not see the last resident.
  var idleMs = body.getAttribute("data-idle-lock-seconds") * 1000;
  var lockUrl = body.getAttribute("data-lock-url");
  var lastActivity = Date.now();
  var locking = false;

  function lockIfIdle() {
    if (locking || Date.now() - lastActivity < idleMs) { return; }
    locking = true;
    window.location.replace(lockUrl); // "back" must not lead to the page that was on screen
  }

  if (idleMs > 0 && lockUrl) {
    ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input", "htmx:afterRequest"].forEach(function (name) {
      document.addEventListener(name, function () { lastActivity = Date.now(); }, { capture: true, passive: true });
    });
    // Timers may not run while a tablet sleeps.
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { lockIfIdle(); }
    });
    // A page from the back-forward cache is asked for again: the server decides.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { window.location.reload(); }
    });
    window.setInterval(lockIfIdle, 1000);
  }

  // Answers tapped offline are kept and sent in order when the connection is back. Their
  // request ids let the server save each once, even one that had arrived after all.
  var KEY = "survey.offlineQueue";
  var ANSWER = /\/dialogues\/\d+\/items\/[^/?#]+$/;
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }

  function store(queue) {
    try {
      if (queue.length) { window.localStorage.setItem(KEY, JSON.stringify(queue)); } else { window.localStorage.removeItem(KEY); }
      return true;
    } catch (e) { return false; }
  }

  function isAnswer(config) { return config.verb === "post" && ANSWER.test(config.path); }

  function showQueued(queued) {
    byId("offline-queued").hidden = !queued;
    if (queued) { byId("offline-notice").hidden = true; }
  }

  function enqueue(config) {
    var params = new URLSearchParams(config.formData);
    var entry = { id: params.get("request_id"), url: config.path, body: String(params) };
    var queue = load();
    var last = queue[queue.length - 1];
    if (!last || last.id !== entry.id || last.body !== entry.body) { queue.push(entry); } // a double tap is one answer
    if (!store(queue)) { byId("offline-notice").hidden = false; return; }
    document.querySelectorAll("#step button.choice").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value === params.get("value"));
    });
    showQueued(true);
  }

  function leaveFor(url) { sending = false; window.location.assign(url); }

  // Not from the lock or sign-in screen: sending would only lead back there.
  function flush() {
    var queue = load();
    if (sending || !queue.length || /^\/(lock|login)\b/.test(window.location.pathname)) { return; }
    sending = true;
    var entry = queue[0];
    // This page's token: the session may have changed since the tap.
    var token = JSON.parse(body.getAttribute("hx-headers"))["X-CSRFToken"];
    var form = new URLSearchParams(entry.body);
    form.set("csrf_token", token);
    window.fetch(entry.url, {
      method: "POST",
      headers: { "HX-Request": "true", "X-CSRFToken": token },
      body: form
    }).then(function (reply) {
      if (reply.status >= 500) { throw reply; } // a server in trouble gets it again later
      return reply.text().then(function (html) {
        var away = reply.headers.get("HX-Redirect") || (reply.redirected && reply.url);
        // Locked meanwhile: nothing was saved; the answers wait for the unlock.
        if (away && /^\/(lock|login)$/.test(new URL(away, window.location.href).pathname)) { return leaveFor(away); }
        var rest = load().filter(function (other) { return other.id !== entry.id || other.body !== entry.body; });
        store(rest);
        if (away) { return leaveFor(away); }
        if (!rest.length && after) { return after.submit(); }
        if (!rest.length) {
          window.htmx.swap("#step", html, { swapStyle: "outerHTML" });
          var next = reply.headers.get("HX-Push-Url");
          if (next) { window.history.pushState({ htmx: true }, "", next); }
          showQueued(false);
        }
        sending = false;
        flush();
      });
    }).catch(function () { sending = false; after = null; });
  }

  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail.requestConfig;
    if (isAnswer(config)) { enqueue(config); } else { byId("offline-notice").hidden = false; }
  });

  // New answers wait behind kept ones, to arrive in the order they were tapped.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail.requestConfig;
    if (isAnswer(config) && load().length) {
      event.preventDefault();
      enqueue(config);
      flush();
    }
  });

  // Signing out wipes this tablet's storage (Clear-Site-Data): answers still waiting go
  // first, and without a connection the tablet stays signed in and says they wait.
  var after;
  document.addEventListener("submit", function (event) {
    if (event.target.hasAttribute("data-after-queue") && load().length) {
      event.preventDefault();
      after = event.target;
      showQueued(true);
      flush();
    }
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, 3000);
  if (load().length) { showQueued(true); flush(); }

  // Read aloud: a recorded file where the page names one, else a voice for the language.
  var synth = window.speechSynthesis;
  var voicesKnown = !synth;

  // "da" is spoken by a "da-DK" voice.
  function voiceFor(lang) {
    return (synth ? synth.getVoices() : []).filter(function (voice) {
      return (voice.lang + "-").replace("_", "-").toLowerCase().indexOf(lang.toLowerCase() + "-") === 0;
    })[0];
  }

  // Buttons show until the voices are known (they may come late); those that cannot
  // speak then hide behind one notice.
  function showReadAloud() {
    var silent = false;
    document.querySelectorAll("[data-read-aloud]").forEach(function (button) {
      button.hidden = voicesKnown && !button.hasAttribute("data-audio") && !voiceFor(button.getAttribute("data-lang"));
      silent = silent || button.hidden;
    });
    byId("no-voice").hidden = !silent;
  }

  function voicesLoaded() { voicesKnown = true; showReadAloud(); }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-read-aloud]");
    if (!button) { return; }
    var audio = button.getAttribute("data-audio");
    var lang = button.getAttribute("data-lang");
    var voice = voiceFor(lang);
    if (audio) { return new window.Audio(audio).play(); }
    if (!voice) { return voicesLoaded(); }
    var utterance = new window.SpeechSynthesisUtterance(button.getAttribute("data-read-text"));
    utterance.lang = lang;
    utterance.voice = voice;
    synth.cancel();
    synth.speak(utterance);
  });
  document.addEventListener("htmx:beforeSwap", function () { if (synth) { synth.cancel(); } });
  if (synth && !synth.getVoices().length) {
    synth.addEventListener("voiceschanged", voicesLoaded);
    window.setTimeout(voicesLoaded, 1500); // some browsers never say so when they have none
  } else {
    voicesKnown = true;
  }
  showReadAloud();
})();
