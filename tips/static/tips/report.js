// Progressive enhancement: when "someone is in danger now" is answered yes, say "call 911" right there.
// Without JavaScript, the page says it at the top and again in the answer the server sends back.
(function () {
  "use strict";
  var alert = document.getElementById("danger-now-alert");
  if (!alert) { return; }
  function update() {
    var yes = document.querySelector("input[name='danger_now'][value='yes']");
    alert.hidden = !(yes && yes.checked);
  }
  document.querySelectorAll("input[name='danger_now']").forEach(function (input) {
    input.addEventListener("change", update);
  });
  update();
})();
