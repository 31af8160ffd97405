"""Real, minimal SCORM packages built in the tests: a manifest, a launch page and a script that talks to the LMS's
runtime the way exported packages do (it looks for `API` or `API_1484_11` in its parent windows)."""

import io
import zipfile

from training.models import Course

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tf-demo-12" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>{title}</title>
      <item identifier="item1" identifierref="res1">
        <title>{title}</title>{mastery}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="{launch}">
      <file href="{launch}"/>
    </resource>
  </resources>
</manifest>
"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tf-demo-2004" version="1"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org1">
    <organization identifier="org1">
      <title>{title}</title>
      <item identifier="item1" identifierref="res1"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormType="sco" href="{launch}">
      <file href="{launch}"/>
    </resource>
  </resources>
</manifest>
"""

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Fictional SCORM lesson</title><link rel="stylesheet" href="css/lesson.css"></head>
<body>
<main>
<h1>Fictional SCORM lesson</h1>
<p id="status">Not started</p>
<button type="button" id="finish">Finish the lesson</button>
</main>
<script src="js/lesson.js"></script>
</body>
</html>
"""

SCRIPT_12 = """(function () {
  function findApi(name) {
    var win = window;
    for (var i = 0; i < 10 && win; i += 1) {
      if (win[name]) { return win[name]; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = findApi("API");
  var status = document.getElementById("status");
  status.textContent = api && api.LMSInitialize("") === "true" ? "Started" : "No LMS";
  document.getElementById("finish").addEventListener("click", function () {
    api.LMSSetValue("cmi.core.score.raw", "%(score)s");
    api.LMSSetValue("cmi.core.lesson_status", "%(status)s");
    api.LMSSetValue("cmi.suspend_data", "page=3");
    var committed = api.LMSCommit("");
    var finished = api.LMSFinish("");
    status.textContent = committed === "true" && finished === "true" ? "Finished" : "Failed: " + api.LMSGetLastError();
  });
})();
"""

SCRIPT_2004 = """(function () {
  var win = window, api = null;
  for (var i = 0; i < 10 && win; i += 1) {
    if (win.API_1484_11) { api = win.API_1484_11; break; }
    if (win.parent === win) { break; }
    win = win.parent;
  }
  var status = document.getElementById("status");
  status.textContent = api && api.Initialize("") === "true" ? "Started" : "No LMS";
  document.getElementById("finish").addEventListener("click", function () {
    api.SetValue("cmi.score.scaled", "0.9");
    api.SetValue("cmi.score.raw", "90");
    api.SetValue("cmi.completion_status", "completed");
    api.SetValue("cmi.success_status", "passed");
    var committed = api.Commit("");
    var finished = api.Terminate("");
    status.textContent = committed === "true" && finished === "true" ? "Finished" : "Failed: " + api.GetLastError();
  });
})();
"""


def package_files(
    version="1.2", *, title="Fictional SCORM lesson", launch="index.html", mastery="", score=90, status="passed"
):
    manifest = MANIFEST_12 if version == "1.2" else MANIFEST_2004
    mastery_xml = f"<adlcp:masteryscore>{mastery}</adlcp:masteryscore>" if mastery else ""
    script = (SCRIPT_12 % {"score": score, "status": status}) if version == "1.2" else SCRIPT_2004
    return {
        "imsmanifest.xml": manifest.format(title=title, launch=launch, mastery=mastery_xml),
        "index.html": PAGE,
        "css/lesson.css": "main { max-width: 40rem; }\n",
        "js/lesson.js": script,
    }


def build_zip(files: dict, *, compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            if isinstance(content, zipfile.ZipInfo):
                archive.writestr(content, b"x")
            else:
                archive.writestr(name, content)
    buffer.seek(0)
    buffer.name = "package.zip"
    return buffer


def scorm_course(slug="scorm-course", **fields) -> Course:
    return Course.objects.create(
        slug=slug,
        title={"en": f"SCORM course {slug}", "fr": f"Cours SCORM {slug}"},
        summary={"en": "A packaged course.", "fr": "Un cours en paquet."},
        **fields,
    )
