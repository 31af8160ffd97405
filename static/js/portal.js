// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  // Quick exit: hide the page at once, then replace this history entry with a neutral site,
  // so the Back button does not return here.
  function leave(href) {
    document.body.classList.add("leaving");
    window.location.replace(href);
  }
  document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave(link.href);
    });
  });
  // Pressing Escape three times in a row also leaves.
  var escapes = 0, timer = null;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    escapes += 1;
    clearTimeout(timer);
    timer = setTimeout(function () { escapes = 0; }, 1500);
    if (escapes >= 3) {
      var link = document.querySelector("[data-quick-exit]");
      if (link) { leave(link.href); }
    }
  });
})();
