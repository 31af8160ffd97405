// The proof-of-work widget (npm `altcha`, "external" build: no inline style, no worker made from a blob) solves
// the page's challenge in a Web Worker served from our own static files. Without JavaScript the form still works,
// under the stricter limit.
const widget = document.querySelector("altcha-widget[data-worker]");
// Its words come from our catalogue, in the page's language (tips/pow.py, widget_strings).
const strings = document.getElementById("pow-strings");
if (widget && strings && globalThis.$altcha) {
  globalThis.$altcha.i18n.set(widget.getAttribute("language"), JSON.parse(strings.textContent));
}
if (widget && globalThis.$altcha) {
  const url = widget.dataset.worker;
  ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"].forEach(function (name) {
    globalThis.$altcha.algorithms.set(name, function () { return new Worker(url); });
  });
}
