// Answers tapped while the connection is gone are kept on the tablet (localStorage) and
// sent, in the order they were tapped, as soon as it is back. Each answer carries the
// request id the server already uses for idempotency, so an answer that did arrive
// before the connection dropped is not saved twice when it is sent again.
//
// Without JavaScript none of this runs: the form posts as usual.
(function () {
  "use strict";

  var KEY = "survey.offlineQueue";
  var ANSWER = /\/dialogues\/\d+\/items\/[^/?#]+$/;
  var RETRY_MS = 3000;
  var sending = false;

  function load() {
    try { return JSON.parse(window.localStorage.getItem(KEY)) || []; } catch (e) { return []; }
  }

  function store(queue) {
    try {
      if (queue.length) { window.localStorage.setItem(KEY, JSON.stringify(queue)); }
      else { window.localStorage.removeItem(KEY); }
    } catch (e) { /* storage full or off: the answer stays on screen, as without the queue */ }
  }

  function isAnswer(config) {
    return config && String(config.verb).toLowerCase() === "post" && ANSWER.test(config.path);
  }

  function bodyOf(config) {
    var params = new URLSearchParams();
    var source = config.formData || config.parameters;
    if (source && typeof source.forEach === "function") {
      source.forEach(function (value, name) { params.append(name, value); });
    } else if (source) {
      Object.keys(source).forEach(function (name) { params.append(name, source[name]); });
    }
    return params.toString();
  }

  function show(queued) {
    var waiting = document.getElementById("offline-queued");
    var failed = document.getElementById("offline-notice");
    if (waiting) { waiting.hidden = !queued; }
    if (failed && queued) { failed.hidden = true; }
  }

  function enqueue(config) {
    var body = bodyOf(config);
    var params = new URLSearchParams(body);
    var entry = {
      id: params.get("request_id") || String(Date.now()),
      url: config.path,
      body: body,
      csrf: (config.headers && config.headers["X-CSRFToken"]) || params.get("csrf_token") || ""
    };
    var queue = load();
    var last = queue[queue.length - 1];
    // A double tap on the same answer is one answer.
    if (!last || last.id !== entry.id || last.body !== entry.body) { queue.push(entry); }
    store(queue);
    // Show the tapped answer as chosen, so the tap is not lost on the resident either.
    var value = params.get("value");
    document.querySelectorAll("#step button.choice[name='value']").forEach(function (button) {
      button.setAttribute("aria-pressed", button.value === value ? "true" : "false");
    });
    show(true);
  }

  function currentToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";
    } catch (e) { return ""; }
  }

  function swapIn(reply, html) {
    var next = reply.headers.get("HX-Push-Url");
    var step = document.getElementById("step");
    if (step && window.htmx && typeof window.htmx.swap === "function") {
      window.htmx.swap(step, html, { swapStyle: "outerHTML" });
      if (next) { window.history.pushState({ htmx: true }, "", next); }
      var focus = document.querySelector("#step [tabindex='-1']");
      if (focus) { focus.focus(); }
    } else if (next) {
      window.location.assign(next);
    }
  }

  // Send the queue in order; stop at the first answer that cannot be sent yet.
  function flush() {
    var queue = load();
    if (sending || !queue.length) { return; }
    // Not from the lock or sign-in screen: they would only send the tablet back there.
    if (/^\/(lock|login)(\/|$)/.test(window.location.pathname)) { return; }
    sending = true;
    var entry = queue[0];
    // The session may have changed since the tap (unlocked again): use this page's token.
    var token = currentToken() || entry.csrf;
    var body = new URLSearchParams(entry.body);
    if (body.has("csrf_token")) { body.set("csrf_token", token); }
    window.fetch(entry.url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "HX-Request": "true",
        "X-CSRFToken": token
      },
      body: body.toString()
    }).then(function (reply) {
      // A server in trouble (5xx) gets the answer again later; anything else is an answer.
      if (reply.status >= 500) { throw new Error("server " + reply.status); }
      return reply.text().then(function (html) {
        var away = reply.headers.get("HX-Redirect") || (reply.redirected ? reply.url : null);
        // Locked or signed out meanwhile: nothing was saved. Keep the answers, unlock,
        // and they are sent from the next page (with that page's token).
        if (away && /\/(lock|login)(\?|$)/.test(new URL(away, window.location.href).pathname + "?")) {
          sending = false;
          window.location.assign(away);
          return;
        }
        var rest = load().filter(function (other) {
          return !(other.id === entry.id && other.body === entry.body);
        });
        store(rest);
        if (away) { sending = false; window.location.assign(away); return; }
        if (!rest.length) { swapIn(reply, html); show(false); }
        sending = false;
        flush();
      });
    }).catch(function () {
      sending = false;
    });
  }

  // The connection dropped while sending an answer: keep it instead of showing an error.
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (isAnswer(config)) { enqueue(config); }
  });

  // Answers wait behind the ones already kept, so they arrive in the order they were tapped.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (isAnswer(config) && load().length) {
      event.preventDefault();
      enqueue(config);
      flush();
    }
  });

  window.addEventListener("online", flush);
  window.setInterval(flush, RETRY_MS);
  if (load().length) { show(true); flush(); }
})();
