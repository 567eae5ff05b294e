// The office pages' wide tables. One that scrolls sideways (a phone, large text) must be
// reachable with the keyboard: the scrolling box gets a tab stop and a name, only when
// it really scrolls.
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

  markScrollers(); // a deferred script: the page is parsed
  window.addEventListener("resize", markScrollers);
  document.addEventListener("htmx:afterSettle", markScrollers);
})();
