// Small helpers on top of htmx. Everything works without them; they make it kinder.
(function () {
  "use strict";

  // After a question is swapped in, move focus to it so screen readers read it
  // and keyboard users continue from there.
  document.addEventListener("htmx:afterSettle", function (event) {
    var step = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest("[data-focus]") : null;
    if (!step) { step = document.querySelector("#step[data-focus]"); }
    if (!step) { return; }
    var target = step.querySelector(step.getAttribute("data-focus"));
    if (target) { target.focus({ preventScroll: false }); }
    // A polite live region, outside the swapped part, tells screen readers where they are.
    var announcer = document.getElementById("announcer");
    var progress = step.querySelector(".progress span");
    if (announcer) { announcer.textContent = progress ? progress.textContent : (target ? target.textContent : ""); }
    var notice = document.getElementById("offline-notice");
    if (notice) { notice.hidden = true; }
  });

  // A dropped connection: say so plainly instead of doing nothing.
  document.addEventListener("htmx:sendError", function () {
    var notice = document.getElementById("offline-notice");
    if (notice) { notice.hidden = false; }
  });
})();

// The shared ward tablet locks itself after a while without a tap or a key, so the next
// person never sees the last resident's screen. The server locks it too (it checks the
// session on every request); this only makes the lock appear on time on an idle screen.
(function () {
  "use strict";

  var body = document.body;
  var seconds = body ? parseInt(body.getAttribute("data-idle-lock-seconds"), 10) : NaN;
  var lockUrl = body ? body.getAttribute("data-lock-url") : null;
  if (!(seconds > 0) || !lockUrl) { return; }

  var idleMs = seconds * 1000;
  var lastActivity = Date.now();
  var locking = false;

  function noteActivity() { lastActivity = Date.now(); }

  function lockIfIdle() {
    if (locking || Date.now() - lastActivity < idleMs) { return; }
    locking = true;
    // replace(): the back button must not lead to the page that was on screen.
    window.location.replace(lockUrl);
  }

  ["pointerdown", "keydown", "touchstart", "wheel", "scroll", "input"].forEach(function (name) {
    document.addEventListener(name, noteActivity, { capture: true, passive: true });
  });
  document.addEventListener("htmx:afterRequest", noteActivity);
  // A tablet that slept checks at once when it wakes; timers may not have run meanwhile.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { lockIfIdle(); }
  });
  // A page brought back from the browser's memory is asked for again: the server decides.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });
  window.setInterval(lockIfIdle, 1000);
})();

// A wide table that scrolls sideways (a phone, large text) must be reachable with the
// keyboard: the scrolling box gets a tab stop and a name, only when it really scrolls.
(function () {
  "use strict";

  function label(box) {
    var caption = box.querySelector("caption");
    if (caption) { return caption.textContent.trim(); }
    var heading = box.previousElementSibling;
    while (heading && !/^H[1-6]$/.test(heading.tagName)) { heading = heading.previousElementSibling; }
    return heading ? heading.textContent.trim() : document.title;
  }

  function markScrollers() {
    document.querySelectorAll(".table-scroll").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!box.hasAttribute("aria-label")) { box.setAttribute("aria-label", label(box)); }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", markScrollers);
  } else {
    markScrollers();
  }
  window.addEventListener("resize", markScrollers);
  document.addEventListener("htmx:afterSettle", markScrollers);
})();
