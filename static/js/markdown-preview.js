// The live preview of a lesson's Markdown (training/staff/authoring/lesson.html): the text of the box being written
// is sent to our own server, which renders it with the same Markdown and sanitizer as the learner's page.
(function () {
  "use strict";
  const form = document.querySelector("form[data-markdown-preview]");
  const out = document.getElementById("markdown-preview");
  if (!form || !out) return;
  const token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  let timer = null;
  let asked = 0;

  function show(box) {
    const number = ++asked;
    const body = new FormData();
    body.append("text", box.value);
    fetch(form.dataset.markdownPreview, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then(function (response) {
        if (response.ok) return response.text();
        // A text refused (too long, too many brackets) comes back as a 400 whose body says why.
        return response.text().then(function (why) {
          return Promise.reject(response.status === 400 ? why : "");
        });
      })
      .then(function (html) {
        if (number !== asked) return; // a later keystroke's answer is on its way
        out.innerHTML = html; // sanitized by the server (nh3), as on the learner's page
        out.lang = box.lang || "";
        out.dir = box.dir || "auto";
      })
      .catch(function (why) {
        if (number !== asked) return;
        out.textContent = typeof why === "string" && why ? why : form.dataset.previewError;
      });
  }

  form.querySelectorAll("textarea[name^='body_']").forEach(function (box) {
    box.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { show(box); }, 300);
    });
    box.addEventListener("focus", function () { show(box); });
  });
  const first = form.querySelector("textarea[name^='body_']");
  if (first && first.value) show(first);
})();
