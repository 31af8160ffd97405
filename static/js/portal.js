// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var leavingNow = false;

  // Quick exit: hide the page at once, then replace this history entry with a neutral site,
  // so the Back button does not return here.
  function leave(href) {
    leavingNow = true; // never held up by the receipt's "are you sure?"
    document.body.classList.add("leaving");
    window.location.replace(href);
  }
  document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      leave(link.href);
    });
  });
  // Pressing Escape three times in a row also leaves (said beside the button).
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

  // The receipt page: copy, print, and a warning before leaving while the code is not kept anywhere.
  var receipt = document.querySelector("[data-receipt]");
  if (!receipt) { return; }
  var kept = false;
  function keep() { kept = true; }
  window.addEventListener("beforeunload", function (event) {
    if (kept || leavingNow) { return; }
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to ask
  });
  document.querySelectorAll("[data-keeps-code]").forEach(function (form) {
    form.addEventListener("submit", keep); // the code goes along: nothing is lost
  });
  var saved = document.querySelector("input[name=saved]");
  if (saved) { saved.addEventListener("change", function () { kept = kept || saved.checked; }); }

  var tools = receipt.querySelector("[data-receipt-tools]");
  if (tools) { tools.hidden = false; }
  var status = document.getElementById("receipt-copied");
  function say(key) { if (status) { status.textContent = status.getAttribute(key); } }
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  receipt.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.querySelector(button.getAttribute("data-copy"));
      var text = source.textContent.trim();
      selectText(source);
      function copied() { keep(); say("data-done"); }
      function fallback() {
        var done = false;
        try { done = document.execCommand("copy"); } catch (e) { done = false; }
        if (done) { copied(); } else { say("data-failed"); }
      }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(copied, fallback);
      } else {
        fallback();
      }
    });
  });
  receipt.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { keep(); window.print(); });
  });
})();
