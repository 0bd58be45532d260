// The little script of the site:
// - hovering over an author's name shows a small card fetched from /user/<name>/popup;
// - an avatar that cannot load (Gravatar out of reach, say in an offline classroom) is replaced
//   by the user's initial on a colour of their own;
// - for a logged-in user, /notifications is polled every 10 s (every 2 s while a task of theirs
//   runs on the page; never while the tab is hidden) to keep the unread-messages badge and the
//   progress of background tasks up to date;
// - a post's "Translate" button replaces its text with the translation (POST /translate).
(function () {
  "use strict";

  function initialAvatar(img) {
    if (img.getAttribute("data-fallback")) { return; }
    img.setAttribute("data-fallback", "1");
    var name = (img.getAttribute("data-name") || "?").trim() || "?";
    var letter = name.charAt(0).toUpperCase()
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    var hue = 0;
    for (var i = 0; i < name.length; i++) { hue = (hue * 131 + name.charCodeAt(i)) % 360; }
    var svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">' +
      '<rect width="64" height="64" fill="hsl(' + hue + ',40%,58%)"/>' +
      '<text x="32" y="43" font-family="sans-serif" font-size="30" font-weight="600" ' +
      'fill="#fff" text-anchor="middle">' + letter + '</text></svg>';
    img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
  }

  // Images that failed before this script ran, then any that fail later (popups too).
  Array.prototype.forEach.call(document.querySelectorAll("img.avatar"), function (img) {
    if (img.complete && img.naturalWidth === 0) { initialAvatar(img); }
  });
  document.addEventListener("error", function (event) {
    var img = event.target;
    if (img && img.tagName === "IMG" && img.classList.contains("avatar")) { initialAvatar(img); }
  }, true);
  var card = null;
  var timer = null;
  var cache = {};

  function hide() {
    clearTimeout(timer);
    if (card) { card.remove(); card = null; }
  }

  function show(link, html) {
    hide();
    card = document.createElement("div");
    card.className = "popup";
    card.innerHTML = html;
    card.addEventListener("mouseleave", hide);
    card.addEventListener("mouseenter", function () { clearTimeout(timer); });
    var box = link.getBoundingClientRect();
    card.style.top = (window.scrollY + box.bottom + 6) + "px";
    document.body.appendChild(card);
    // Under the name, but kept inside the window: on a phone a name near the right edge
    // would otherwise push the card off the screen.
    var room = document.documentElement.clientWidth - card.offsetWidth - 8;
    card.style.left = (window.scrollX + Math.max(8, Math.min(box.left, room))) + "px";
  }

  document.addEventListener("mouseover", function (event) {
    var link = event.target.closest && event.target.closest("a.user_popup");
    if (!link) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      var url = link.getAttribute("data-popup");
      if (cache[url]) { show(link, cache[url]); return; }
      fetch(url, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) { cache[url] = html; show(link, html); })
        .catch(function () {});
    }, 400);
  });

  document.addEventListener("mouseout", function (event) {
    var link = event.target.closest && event.target.closest("a.user_popup");
    if (link) { timer = setTimeout(hide, 300); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("button[data-translate]");
    if (!button) { return; }
    var body = document.getElementById(button.getAttribute("data-translate"));
    var holder = button.parentNode;
    var token = document.querySelector("meta[name=csrf-token]");
    var failed = button.getAttribute("data-failed");
    var unreachable = button.getAttribute("data-unreachable");
    holder.textContent = button.getAttribute("data-busy");
    fetch("/translate", {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        "X-CSRFToken": token ? token.getAttribute("content") : ""
      },
      body: JSON.stringify({
        text: body.textContent,
        source_language: button.getAttribute("data-from"),
        dest_language: button.getAttribute("data-to")
      })
    })
      .then(function (r) {
        return r.json().then(function (answer) { return { ok: r.ok, answer: answer }; },
          function () { return { ok: false, answer: { error: "HTTP " + r.status } }; });
      })
      .then(function (result) {
        if (result.ok) {
          body.textContent = result.answer.text;
          holder.remove();
        } else {
          holder.textContent = failed + " " + result.answer.error;
          holder.classList.add("error");
        }
      })
      .catch(function () { holder.textContent = failed + " " + unreachable; });
  });

  var badge = document.getElementById("message_count");
  var since = 0;
  var POLL_MS = 10000;
  var TASK_POLL_MS = 2000;

  function setBadge(count) {
    badge.textContent = String(count);
    badge.hidden = !(count > 0);
  }

  function setTask(data) {
    var box = document.getElementById("task-" + data.task_id);
    if (!box || box.classList.contains("failed")) { return; }
    var text = box.querySelector("span");
    if (data.state === "done") {
      box.classList.add("done");
      text.textContent = box.getAttribute("data-done");
    } else if (data.state === "failed") {
      box.classList.add("failed");
      text.textContent = box.getAttribute("data-failed") + " " + data.error;
    } else {
      var progress = document.getElementById("task-" + data.task_id + "-progress");
      if (progress) { progress.textContent = String(data.progress); }
    }
  }

  var pollTimer = null;

  // The next poll: sooner while a task shown on the page is under way.
  function schedule() {
    clearTimeout(pollTimer);
    var running = document.querySelector(".task:not(.failed):not(.done)");
    pollTimer = setTimeout(poll, running ? TASK_POLL_MS : POLL_MS);
  }

  function poll() {
    if (document.hidden) { schedule(); return; }
    fetch("/notifications?since=" + since, { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
      .then(function (list) {
        list.forEach(function (n) {
          since = n.timestamp;
          if (n.name === "unread_message_count") { setBadge(n.data); }
          if (n.name === "task_progress") { setTask(n.data); }
        });
      })
      .catch(function () {})
      .then(schedule);
  }

  if (badge) {
    poll();
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) { poll(); }
    });
  }
})();
