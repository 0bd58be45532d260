// The little script of the site:
// - hovering over an author's name shows a small card fetched from /user/<name>/popup;
// - an avatar that cannot load (Gravatar out of reach, say in an offline classroom) is replaced
//   by the user's initial on a colour of their own.
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
})();
