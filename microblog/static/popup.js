// Hovering over an author's name shows a small card fetched from /user/<name>/popup.
(function () {
  "use strict";
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
    card.style.left = (window.scrollX + box.left) + "px";
    card.style.top = (window.scrollY + box.bottom + 6) + "px";
    document.body.appendChild(card);
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
