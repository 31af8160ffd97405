"""Browser journey: a learner opens a SCORM course built in the test (1.2 and 2004), the package's own page finds
the runtime (npm scorm-again) in its parent window, reports a pass and finishes; the learner then holds the
certificate, and no page broke the CSP (a violation is a console error, which fails the test)."""

import pytest

from taskforce.testing.browser import check_accessibility, visit
from taskforce.testing.factories import PASSWORD
from training.models import Certificate, ScormState
from training.scorm_services import scorm_package_import

from .scorm_packages import build_zip, package_files, scorm_course

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page, email):
    visit(page, "/en/accounts/login/?next=/en/training/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith("/en/training/"))


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_learner_passes_a_scorm_course_and_holds_the_certificate(page, learner, version):
    course = scorm_course()
    scorm_package_import(course=course, upload=build_zip(package_files(version, mastery="80")), actor=None)
    sign_in(page, learner.email)
    visit(page, f"/en/training/courses/{course.slug}/")
    page.get_by_role("button", name="Start the course").click()
    page.wait_for_url(lambda url: url.endswith(f"/training/courses/{course.slug}/scorm/"))
    check_accessibility(page)

    lesson = page.frame_locator("#scorm-frame")
    # The package's own script found the runtime in its parent window and initialized it.
    assert lesson.locator("#status").text_content(timeout=10_000) in ("Started",)
    lesson.get_by_role("button", name="Finish the lesson").click()
    assert lesson.locator("#status").text_content() == "Finished"
    done = page.get_by_role("status")
    done.wait_for(state="visible")
    assert "You completed this course" in done.text_content()

    certificate = Certificate.objects.get(user=learner)
    assert certificate.score == 90
    state = ScormState.objects.get(enrolment=certificate.enrolment)
    assert state.commits >= 2  # Commit, then Finish/Terminate
    if version == "1.2":
        assert (state.lesson_status, state.suspend_data) == ("passed", "page=3")
    else:
        assert (state.completion_status, state.success_status) == ("completed", "passed")

    page.get_by_role("link", name="My learning").last.click()
    page.wait_for_load_state()
    check_accessibility(page)
    assert (
        page.get_by_text("Download your certificate", exact=False).count()
        or page.locator(f"a[href$='/certificates/{certificate.pk}/pdf/']").count()
    )
    page.recorder.assert_clean()  # no CSP violation, no script error, no other host, in the page or its frame
