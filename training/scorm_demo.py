"""A fictional, tiny SCORM 1.2 course for the demo data, written by this code (no zip is kept in the repository):
one page, one question, a pass reported to the portal's runtime. It shows how a SCORM course runs beside the
native ones, and gives the quality walk a package to open."""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext_noop

from taskforce.language import gettext_everywhere, i18n_text

from .models import Course

SLUG = "scorm-demo-spotting-signs"

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tf-demo-spotting-signs" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="demo">
    <organization identifier="demo">
      <title>Spotting the signs (fictional demo package)</title>
      <item identifier="check" identifierref="page">
        <title>One question</title>
        <adlcp:masteryscore>100</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="page" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/><file href="check.js"/><file href="check.css"/>
    </resource>
  </resources>
</manifest>
"""

PAGE = """<!doctype html>
<html lang="SOURCE_LANGUAGE">
<head><meta charset="utf-8"><title>Spotting the signs</title><link rel="stylesheet" href="check.css"></head>
<body>
<main>
<h1>Spotting the signs</h1>
<p>This is a fictional demonstration package. It shows how a course made in another authoring tool runs here.</p>
<p>A worker says their employer keeps their passport "for safekeeping" and they cannot get it back.
Could this be a sign of human trafficking?</p>
<p><button type="button" id="yes">Yes, it could be</button> <button type="button" id="no">No</button></p>
<p id="feedback" role="status"></p>
</main>
<script src="check.js"></script>
</body>
</html>
"""

SCRIPT = """(function () {
  var win = window, api = null;
  for (var i = 0; i < 10 && win; i += 1) {
    if (win.API) { api = win.API; break; }
    if (win.parent === win) { break; }
    win = win.parent;
  }
  var feedback = document.getElementById("feedback");
  if (!api) { feedback.textContent = "Open this package from the portal to record your result."; return; }
  api.LMSInitialize("");
  document.getElementById("yes").addEventListener("click", function () {
    api.LMSSetValue("cmi.core.score.raw", "100");
    api.LMSSetValue("cmi.core.lesson_status", "passed");
    api.LMSCommit("");
    api.LMSFinish("");
    feedback.textContent = "Right: holding someone's identity papers is a common way to control them. You passed.";
  });
  document.getElementById("no").addEventListener("click", function () {
    api.LMSSetValue("cmi.core.lesson_status", "incomplete");
    api.LMSCommit("");
    feedback.textContent = "Not quite: keeping a person's passport can be a way to control them. Try again.";
  });
})();
"""

STYLE = "main { max-width: 40rem; margin: 1rem auto; font-family: sans-serif; }\n"


def package_zip() -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("imsmanifest.xml", MANIFEST),
            ("index.html", PAGE.replace("SOURCE_LANGUAGE", settings.LANGUAGE_CODE)),  # written in the source language
            ("check.js", SCRIPT),
            ("check.css", STYLE),
        ):
            archive.writestr(name, text)
    buffer.seek(0)
    return buffer


def seed() -> Course:
    """The demo SCORM course, imported once (idempotent)."""
    from . import scorm_services  # noqa: PLC0415 -- services import the models this module's callers load first

    course, _created = Course.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": i18n_text(gettext_everywhere(gettext_noop("Spotting the signs (SCORM demo)"))),
            "summary": i18n_text(
                gettext_everywhere(
                    gettext_noop("A fictional one-question package, to show how a SCORM course runs in the portal.")
                )
            ),
            "estimated_minutes": 2,
            "audiences": ["justice", "victim_services"],
        },
    )
    if not course.scorm_packages.exists():
        scorm_services.scorm_package_import(course=course, upload=package_zip(), actor=None)
        course.refresh_from_db()
    return course
