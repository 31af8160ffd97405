"""Browser check of the lesson player: the browser's own <video> plays a real WebM from our origin, and its
<track>s load their captions (the reader's language shown by default), with nothing from another host."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from taskforce.testing.browser import visit
from training import services
from training.models import Lesson, LessonCaption

from .factories import make_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VTT = {
    "en": b"WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n[Soft music] Welcome to the course.\n",
    "fr": b"WEBVTT\n\n00:00:00.000 --> 00:00:05.000\n[Musique douce] Bienvenue dans le cours.\n",
}

# A second of a 64×48 canvas recorded by Chromium's own MediaRecorder: a real, tiny WebM (VP8), made here rather
# than kept as a binary in the repository (no ffmpeg on the test machines).
RECORD_WEBM = """async () => {
  const canvas = document.createElement("canvas");
  canvas.width = 64;
  canvas.height = 48;
  const context = canvas.getContext("2d");
  const recorder = new MediaRecorder(canvas.captureStream(10), { mimeType: "video/webm;codecs=vp8" });
  const chunks = [];
  recorder.ondataavailable = (event) => chunks.push(event.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start();
  for (let frame = 0; frame < 10; frame++) {
    context.fillStyle = `hsl(${frame * 36}, 80%, 50%)`;
    context.fillRect(0, 0, 64, 48);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  recorder.stop();
  await stopped;
  return Array.from(new Uint8Array(await new Blob(chunks).arrayBuffer()));
}"""

CUES_OF = """(language) => {
  const track = document.querySelector(`track[srclang="${language}"]`);
  if (track.track.mode === "disabled") track.track.mode = "hidden";
  return track.readyState === 2 ? Array.from(track.track.cues, (cue) => cue.text) : null;
}"""


@pytest.fixture
def captioned_lesson(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ROOT_URLCONF = "training.tests.media_urls"  # uploads served as `make run` serves them
    page.goto("about:blank")
    webm = bytes(page.evaluate(RECORD_WEBM))
    assert webm[:4] == b"\x1a\x45\xdf\xa3"  # an EBML (WebM) file
    course = make_course("captioned", is_open=True)
    lesson = Lesson.objects.get(module__course=course, order=0)
    lesson.video = SimpleUploadedFile("clip.webm", webm, content_type="video/webm")
    lesson.save()
    for language, data in VTT.items():
        LessonCaption.objects.create(lesson=lesson, language=language, file=SimpleUploadedFile("c.vtt", data))
    services.course_publish(course=course)
    return lesson


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_the_video_plays_with_its_captions_in_the_readers_language(page, captioned_lesson, lang, other):
    course = captioned_lesson.module.course
    path = reverse("training:open_step", kwargs={"slug": course.slug, "key": f"l{captioned_lesson.id}"})
    visit(page, path.replace("/en/", f"/{lang}/"))
    page.wait_for_function("() => document.querySelector('video').readyState >= 1")  # the WebM was read
    shown = page.wait_for_function(
        "() => { const t = document.querySelector('track[default]'); "
        "return t.readyState === 2 && t.track.mode === 'showing' && t.track.cues.length > 0 && t.srclang; }"
    ).json_value()
    assert shown == lang  # shown without the reader doing anything
    assert page.wait_for_function(CUES_OF, arg=lang).json_value() == [VTT[lang].decode().splitlines()[-1]]
    assert page.wait_for_function(CUES_OF, arg=other).json_value() == [VTT[other].decode().splitlines()[-1]]
    assert page.eval_on_selector_all("track", "tracks => tracks.map(t => t.kind)") == ["captions", "captions"]
