"""Running a SCORM course: the player page, the package's files served only to its learners, and the runtime's
commits recorded in the learner's own enrolment, a pass giving the same certificate and report row as a native
course."""

import json

import pytest
from django.urls import reverse

from taskforce.testing.auth import login
from training import selectors, services
from training.models import Certificate, ScormState
from training.scorm_services import scorm_package_import

from .scorm_packages import build_zip, package_files, scorm_course

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _imported(version="1.2", **options):
    course = scorm_course()
    package = scorm_package_import(course=course, upload=build_zip(package_files(version, **options)), actor=None)
    course.refresh_from_db()
    return course, package


def _file(package, path):
    return reverse("training:scorm_file", kwargs={"package_id": package.pk, "path": path})


def _commit_url(enrolment):
    return reverse("api-training-scorm-commit", kwargs={"enrolment_id": enrolment.pk})


def _commit(client, enrolment, cmi):
    return client.post(_commit_url(enrolment), json.dumps({"cmi": cmi}), content_type="application/json")


# ----- the player and the files --------------------------------------------------------------------------------


def test_start_leads_to_the_player(client, learner):
    course, package = _imported()
    login(client, learner)
    response = client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    assert response.url == reverse("training:scorm_player", kwargs={"slug": course.slug})
    page = client.get(response.url)
    assert page.status_code == 200
    config = json.loads(page.content.decode().split('id="scorm-config" type="application/json">')[1].split("<")[0])
    assert config["launch"] == _file(package, "index.html")
    assert config["version"] == "1.2"
    # The frame is sandboxed by its files' own header (below), which holds even when a file is opened on its own;
    # a sandbox attribute with both allow-scripts and allow-same-origin would add nothing (and is invalid HTML).
    assert '<iframe id="scorm-frame"' in page.content.decode()
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]  # the player itself is framed by no one


def test_course_page_of_a_scorm_course(client, learner):
    course, _package = _imported()
    login(client, learner)
    page = client.get(reverse("training:course", kwargs={"slug": course.slug}))
    assert page.status_code == 200
    assert "SCORM" in page.content.decode()


def test_player_without_enrolment_goes_to_the_course_page(client, learner):
    course, _package = _imported()
    login(client, learner)
    response = client.get(reverse("training:scorm_player", kwargs={"slug": course.slug}))
    assert response.url == reverse("training:course", kwargs={"slug": course.slug})


def test_enrolled_learner_gets_files_with_their_type_and_headers(client, learner):
    course, package = _imported()
    services.enrolment_start(user=learner, course=course)
    login(client, learner)
    for path, kind in [
        ("index.html", "text/html"),
        ("js/lesson.js", "text/javascript"),
        ("css/lesson.css", "text/css"),
    ]:
        response = client.get(_file(package, path))
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith(kind)
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["X-Frame-Options"] == "SAMEORIGIN"
        policy = response["Content-Security-Policy"]
        assert "frame-ancestors 'self'" in policy and "script-src 'self'" in policy
        assert "sandbox allow-scripts allow-same-origin allow-forms" in policy
        assert "'unsafe-inline'" not in policy
    assert b"Fictional SCORM lesson" in b"".join(client.get(_file(package, "index.html")).streaming_content)


def test_another_learner_gets_no_file(client, learner, learner_b):
    course, package = _imported()
    services.enrolment_start(user=learner, course=course)
    login(client, learner_b)
    assert client.get(_file(package, "index.html")).status_code == 404


def test_staff_may_preview(client, make_user):
    _course, package = _imported()
    login(client, make_user(is_staff=True, is_superuser=True))
    assert client.get(_file(package, "index.html")).status_code == 200


def test_anonymous_is_sent_to_sign_in(client):
    _course, package = _imported()
    response = client.get(_file(package, "index.html"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


@pytest.mark.parametrize(
    "path",
    [
        "../../../../etc/passwd",
        "css/../imsmanifest.xml",
        "%2e%2e/%2e%2e/settings.py",
        "css/..%2f..%2fx.html",
        "nothere.html",
        "js/lesson.exe",
        "/etc/passwd",
    ],
)
def test_paths_outside_the_package_are_404(client, learner, path):
    course, package = _imported()
    services.enrolment_start(user=learner, course=course)
    login(client, learner)
    url = reverse("training:scorm_file", kwargs={"package_id": package.pk, "path": "x"})[: -len("x")] + path
    assert client.get(url).status_code == 404


# ----- commits --------------------------------------------------------------------------------------------------


def test_commit_records_status_score_and_suspend_data(client, learner):
    course, _package = _imported(mastery="80")
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    cmi = {
        "core": {"lesson_status": "incomplete", "lesson_location": "p2", "score": {"raw": "40"}},
        "suspend_data": "a=1",
    }
    response = _commit(client, enrolment, cmi)
    assert response.status_code == 200
    assert response.json() == {"result": "true", "errorCode": 0, "completed": False, "score": 40}
    state = ScormState.objects.get(enrolment=enrolment)
    assert (state.lesson_status, state.location, state.suspend_data, state.score) == ("incomplete", "p2", "a=1", 40)
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None and not Certificate.objects.exists()
    # The saved data is given back to the package next time.
    page = client.get(reverse("training:scorm_player", kwargs={"slug": course.slug}))
    assert '"suspend_data": "a=1"' in page.content.decode()


def test_completed_without_pass_does_not_complete_when_the_package_sets_a_mastery_score(client, learner):
    course, _package = _imported(mastery="80")
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    assert _commit(client, enrolment, {"core": {"lesson_status": "completed"}}).json()["completed"] is False


def test_completed_completes_when_the_package_sets_no_mastery_score(client, learner):
    course, _package = _imported()
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    assert _commit(client, enrolment, {"core": {"lesson_status": "completed"}}).json()["completed"] is True


def test_passed_completes_the_enrolment_once_with_certificate_and_report_row(client, learner, manager_a, org_a):
    course, _package = _imported(mastery="80")
    services.assignment_create(actor=manager_a, course=course, organization=org_a, user=learner)
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    passed = {"core": {"lesson_status": "passed", "score": {"raw": "9", "min": "0", "max": "10"}}}
    for _ in range(2):  # the same commit twice (LMSCommit, then LMSFinish): one completion, one certificate
        response = _commit(client, enrolment, passed)
        assert response.status_code == 200 and response.json()["completed"] is True
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.score == 90
    certificate = Certificate.objects.get()
    assert (certificate.user, certificate.score, certificate.enrolment) == (learner, 90, enrolment)
    assert enrolment.attempts.filter(quiz="final", passed=True).count() == 1
    [row] = selectors.learning_for_user(learner)
    assert (row.status, row.progress, row.best_score, row.certificate_status) == ("completed", 100, 90, "valid")
    assert not selectors.assignment_people_not_done(assignment=course.assignments.get(), today=certificate.issued_on)
    report = selectors.report_page(
        selectors.report_rows(organization=org_a, course=course, today=certificate.issued_on)
    )
    assert [(r.user, r.status, r.best_score) for r in report] == [(learner, "completed", 90)]


def test_scorm_2004_passed_completes(client, learner):
    course, _package = _imported("2004")
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    cmi = {
        "completion_status": "completed",
        "success_status": "passed",
        "score": {"scaled": "0.85"},
        "location": "end",
        "suspend_data": "x" * 5000,
    }
    response = _commit(client, enrolment, cmi)
    assert response.json() == {"result": "true", "errorCode": 0, "completed": True, "score": 85}
    assert Certificate.objects.get().score == 85


def test_another_learners_enrolment_is_not_theirs_to_write(client, learner, learner_b):
    course, _package = _imported()
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner_b)
    response = _commit(client, enrolment, {"core": {"lesson_status": "passed"}})
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None and not ScormState.objects.exists()


def test_anonymous_commit_is_refused(client, learner):
    course, _package = _imported()
    enrolment = services.enrolment_start(user=learner, course=course)
    assert _commit(client, enrolment, {"core": {"lesson_status": "passed"}}).status_code in (401, 403)
    assert not ScormState.objects.exists()


def test_commit_to_a_native_course_is_refused(client, learner, course):
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    response = _commit(client, enrolment, {"core": {"lesson_status": "passed"}})
    assert response.status_code == 400 and "not in a SCORM course" in json.dumps(response.json())


BAD_12 = {
    "unknown status": ({"core": {"lesson_status": "aced"}}, "cmi.core.lesson_status must be one of"),
    "score above 100": ({"core": {"score": {"raw": "101"}}}, "cmi.core.score.raw is out of range"),
    "score not a number": ({"core": {"score": {"raw": "ninety"}}}, "cmi.core.score.raw must be a number"),
    "score infinity": ({"core": {"score": {"raw": "Infinity"}}}, "cmi.core.score.raw"),
    "suspend data too long": ({"suspend_data": "x" * 4097}, "cmi.suspend_data is longer than 4096"),
    "NUL in suspend data": ({"suspend_data": "a\x00b"}, "cmi.suspend_data must not hold a NUL"),
    "location not text": ({"core": {"lesson_location": ["a"]}}, "cmi.core.lesson_location must be text"),
}


@pytest.mark.parametrize("cmi, message", BAD_12.values(), ids=BAD_12.keys())
def test_bad_values_are_400_and_change_nothing(client, learner, cmi, message):
    course, _package = _imported()
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    response = _commit(client, enrolment, {**cmi, "core": {"lesson_status": "passed", **cmi.get("core", {})}})
    assert response.status_code == 400
    assert message in json.dumps(response.json())
    enrolment.refresh_from_db()
    assert enrolment.completed_at is None and not ScormState.objects.exists() and not Certificate.objects.exists()


def test_bad_2004_values_are_400(client, learner):
    course, _package = _imported("2004")
    enrolment = services.enrolment_start(user=learner, course=course)
    login(client, learner)
    response = _commit(client, enrolment, {"success_status": "passed", "score": {"scaled": "1.5"}})
    assert response.status_code == 400 and "cmi.score.scaled is out of range" in json.dumps(response.json())
    response = client.post(_commit_url(enrolment), "[1, 2]", content_type="application/json")
    assert response.status_code == 400
    response = client.post(_commit_url(enrolment), "{not json", content_type="application/json")
    assert response.status_code == 400
    assert not ScormState.objects.exists()
