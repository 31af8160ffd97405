// Swagger UI draws some controls without a name for assistive technology, and scrolling examples that a
// keyboard cannot reach. Name and reach them as Swagger UI draws them (its page works the same without this).
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || !window.MutationObserver) return;

  function correct() {
    root.querySelectorAll("tr[data-param-name] select:not([aria-label])").forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    root.querySelectorAll(".example:not([tabindex]), .highlight-code > pre:not([tabindex])").forEach(function (region) {
      region.setAttribute("tabindex", "0");
    });
  }

  new MutationObserver(correct).observe(root, { childList: true, subtree: true });
})();
