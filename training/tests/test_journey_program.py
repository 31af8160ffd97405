"""Browser journey of issue 20, in English and in French: a training manager invites a person; the person opens the
mailed link, sets their own password, signs in, runs a SCORM course built in the test, passes, and holds a
certificate whose number and holder the public verification page shows. (Captions have their own browser journey,
test_journey_captions.py, in both languages.)"""

import re

import pytest
from django.core import mail

from taskforce.testing.browser import check_accessibility, visit
from taskforce.testing.factories import PASSWORD
from training.models import Certificate
from training.scorm_services import scorm_package_import

from .scorm_packages import build_zip, package_files, scorm_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "Journey-through-2026-training"
SAID = {
    "en": {"invited": "Nia New", "done": "You completed this course", "verified": "Certificate number"},
    "fr": {"invited": "Nia New", "done": "Vous avez terminé ce cours", "verified": "Numéro du certificat"},
}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page, lang, email, password, then):
    visit(page, f"/{lang}/accounts/login/?next={then}")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith(then))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_invited_person_signs_up_passes_a_scorm_course_and_the_certificate_verifies(page, manager_a, org_a, lang):
    course = scorm_course()
    scorm_package_import(course=course, upload=build_zip(package_files("1.2", mastery="80")), actor=None)

    # The manager invites one person of their organization.
    sign_in(page, lang, manager_a.email, PASSWORD, f"/{lang}/training/staff/invitations/")
    invite = page.locator("main form:has(input[name=email])").first
    invite.locator("input[name=name]").fill("Nia New")
    invite.locator("input[name=email]").fill("Nia.New@Gov.example")
    invite.locator("select[name=audience]").select_option("justice")
    invite.locator("button[type=submit]").click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert "nia.new@gov.example" in page.locator("main").inner_text().lower()
    page.context.clear_cookies()

    # The person opens the mailed link and chooses their password; then signs in with it.
    (message,) = [m for m in mail.outbox if "nia.new@gov.example" in [a.lower() for a in m.to]]
    link = re.search(r"/(?:en|fr)/training/join/[A-Za-z0-9_-]+/", message.body)[0]
    assert "Nia.New" not in message.subject  # the mail names no one but its reader, in its body
    visit(page, link.replace(link[:4], f"/{lang}/", 1))
    page.fill("input[name=full_name]", "Nia New")
    page.fill("input[name=password]", NEW_PASSWORD)
    page.fill("input[name=password_again]", NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    check_accessibility(page)
    sign_in(page, lang, "nia.new@gov.example", NEW_PASSWORD, f"/{lang}/training/courses/{course.slug}/")

    # The SCORM course: the package finds the runtime in its parent window, passes and finishes.
    page.locator("main form[action$='/start/'] button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith(f"/training/courses/{course.slug}/scorm/"))
    check_accessibility(page)
    lesson = page.frame_locator("#scorm-frame")
    assert lesson.locator("#status").text_content(timeout=10_000) == "Started"
    lesson.get_by_role("button", name="Finish the lesson").click()
    done = page.get_by_role("status")
    done.wait_for(state="visible")
    assert SAID[lang]["done"] in done.text_content()

    # The certificate: its public verification page names the holder, the course and its number.
    certificate = Certificate.objects.get(user__email="nia.new@gov.example")
    page.context.clear_cookies()
    visit(page, f"/{lang}/training/certificates/{certificate.token}/")
    shown = page.locator("main").inner_text()
    assert SAID[lang]["verified"] in shown and certificate.number in shown and "Nia New" in shown
    assert page.locator("html").get_attribute("lang") == lang
    page.recorder.assert_clean()  # no CSP violation, script error or other host, in any page or the frame
