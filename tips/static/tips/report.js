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

// Files over the form's limits (count, each file, all together) are said next to the file field before sending,
// and the form is not sent. Without JavaScript the server drops them and gives the form back filled in.
(function () {
  "use strict";
  var input = document.querySelector("input[type='file'][data-max-files]");
  var note = document.getElementById("files-too-large");
  if (!input || !note) { return; }
  function tooLarge() {
    var files = Array.prototype.slice.call(input.files || []);
    var total = files.reduce(function (sum, file) { return sum + file.size; }, 0);
    return files.length > Number(input.dataset.maxFiles) ||
      total > Number(input.dataset.maxTotalBytes) ||
      files.some(function (file) { return file.size > Number(input.dataset.maxFileBytes); });
  }
  function check() {
    var bad = tooLarge();
    note.hidden = !bad;
    input.classList.toggle("is-invalid", bad);
    return bad;
  }
  input.addEventListener("change", check);
  input.form.addEventListener("submit", function (event) {
    if (check()) {
      event.preventDefault();
      input.focus();
    }
  });
})();
