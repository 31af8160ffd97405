"""A learner takes a course through the pages: start, resume, quizzes, retakes, completion."""

import datetime as dt

import pytest
from django.urls import reverse

from training.models import Attempt, Certificate, Enrolment
from training.reader import FINAL, VersionContent

from .factories import answers_for, complete_course, make_course, step_url, take_final, walk_to_final

pytestmark = pytest.mark.django_db


def test_catalogue_lists_courses_for_everyone(client, course):
    response = client.get(reverse("training:catalogue"))
    assert response.status_code == 200
    assert course.title.data["en"] in response.content.decode()
    assert "My courses" not in response.content.decode()


def test_course_page_needs_sign_in_to_start(client, course):
    response = client.get(reverse("training:course", kwargs={"slug": course.slug}))
    assert "Sign in to take this course" in response.content.decode()
    assert "Hard topics ahead" in response.content.decode()
    response = client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_unknown_course_is_404(client, db):
    assert client.get(reverse("training:course", kwargs={"slug": "nope"})).status_code == 404


def test_learner_resumes_at_the_exact_lesson(login_as, learner, course):
    client = login_as(learner)
    start = reverse("training:course_start", kwargs={"slug": course.slug})
    steps = VersionContent(course.current_version.content).steps
    response = client.post(start)
    assert response["Location"] == step_url(course, steps[0].key)
    client.post(step_url(course, steps[0].key))  # first lesson done
    # Leave, come back later: resume lands on the second lesson.
    response = client.post(start)
    assert response["Location"] == step_url(course, steps[1].key)
    assert Enrolment.objects.filter(user=learner).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "Second lesson text" in page


def test_unfinished_quiz_keeps_saved_answers(login_as, learner, course):
    client = login_as(learner)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    check = VersionContent(course.current_version.content).steps[2]
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": check.key}))
    answers = answers_for(course.current_version, check.key)
    response = client.post(step_url(course, check.key), {**answers, "action": "save"})
    assert response.status_code == 302
    page = client.get(step_url(course, check.key)).content.decode()
    ((question_key, (choice_key,)),) = answers.items()
    assert f'id="{question_key}-{choice_key}" value="{choice_key}" checked' in page
    attempt = Attempt.objects.get()
    assert attempt.submitted_at is None and attempt.answers == answers


def test_submitting_with_a_missing_answer_is_refused_and_saves_nothing(login_as, learner, course):
    client = login_as(learner)
    walk_to_final(client, course)
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    answers = answers_for(course.current_version, FINAL)
    answers.pop(next(iter(answers)))
    response = client.post(step_url(course, FINAL), {**answers, "action": "submit"})
    assert response.status_code == 400
    assert "Please answer every question" in response.content.decode()
    attempt = Attempt.objects.get(quiz=FINAL)
    assert attempt.submitted_at is None and attempt.answers == {}


def test_tampered_answer_keys_are_ignored(login_as, learner, course):
    client = login_as(learner)
    walk_to_final(client, course)
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    response = client.post(step_url(course, FINAL), {"q999999": "c1", "action": "submit"})
    assert response.status_code == 400


def test_final_assessment_opens_after_every_step(login_as, learner, course):
    client = login_as(learner)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    assert not Attempt.objects.filter(quiz=FINAL).exists()
    assert "Please finish every lesson" in client.get(step_url(course, FINAL)).content.decode()


def test_fail_then_pass_completes_and_issues_certificate_in_the_same_request(login_as, learner, course):
    client = login_as(learner)
    walk_to_final(client, course)
    response = take_final(client, course, wrong=2)  # 60%
    result = client.get(response["Location"]).content.decode()
    assert "60%" in result and "did not reach the pass mark" in result
    assert not Certificate.objects.exists()

    response = take_final(client, course, wrong=1)  # 80%: the pass mark
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.completed_at is not None and enrolment.score == 80
    certificate = Certificate.objects.get(enrolment=enrolment)
    result = client.get(response["Location"]).content.decode()
    assert "You passed and completed the course." in result
    assert reverse("training:certificate_pdf", kwargs={"certificate_id": certificate.id}) in result
    # Each attempt is kept.
    assert list(Attempt.objects.filter(quiz=FINAL).values_list("number", "score", "passed")) == [
        (1, 60, False),
        (2, 80, True),
    ]


def test_double_submit_leaves_one_completion(login_as, learner, course):
    client = login_as(learner)
    walk_to_final(client, course)
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    data = {**answers_for(course.current_version, FINAL), "action": "submit"}
    first = client.post(step_url(course, FINAL), data)
    second = client.post(step_url(course, FINAL), data)
    assert first.status_code == 302 and second.status_code == 302
    assert Certificate.objects.count() == 1
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == 1
    assert Attempt.objects.filter(quiz=FINAL).count() == 1


def test_service_double_submit_of_one_attempt_returns_the_first_result(learner, course):
    from training import services  # noqa: PLC0415 -- used by this test only

    enrolment = services.enrolment_start(user=learner, course=course)
    enrolment.steps_done = [s.key for s in VersionContent(course.current_version.content).steps if s.key != FINAL]
    enrolment.save()
    attempt = services.attempt_open(enrolment=enrolment, quiz=FINAL)
    answers = answers_for(course.current_version, FINAL)
    first = services.attempt_submit(attempt=attempt, raw_answers=answers)
    again = services.attempt_submit(attempt=attempt, raw_answers=answers_for(course.current_version, FINAL, wrong=5))
    assert again.score == first.score == 100
    assert Certificate.objects.filter(enrolment=enrolment).count() == 1


def test_retake_policy_limits_final_attempts(login_as, learner):
    course = make_course("limited", max_attempts=2)
    client = login_as(learner)
    walk_to_final(client, course)
    take_final(client, course, wrong=3)
    take_final(client, course, wrong=3)
    response = client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}), follow=True)
    assert "You have used every attempt" in response.content.decode()
    assert Attempt.objects.filter(quiz=FINAL).count() == 2


def test_answer_order_is_shuffled_but_stable_per_attempt(login_as, learner, course):
    client = login_as(learner)
    walk_to_final(client, course)
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    import re  # noqa: PLC0415 -- used by this test only

    def order():
        return re.findall(r'id="(q\d+-c[0-9a-f]+)"', client.get(step_url(course, FINAL)).content.decode())

    first = order()
    assert len(first) == 11 and order() == first


def test_someone_elses_attempt_is_not_found(login_as, learner, learner_b, course):
    client = login_as(learner)
    walk_to_final(client, course)
    attempt = Attempt.objects.filter(enrolment__user=learner, submitted_at__isnull=False).first()
    assert client.get(reverse("training:attempt", kwargs={"attempt_id": attempt.id})).status_code == 200
    other = login_as(learner_b)
    assert other.get(reverse("training:attempt", kwargs={"attempt_id": attempt.id})).status_code == 404


def test_my_learning_shows_assigned_courses_with_due_dates_and_progress(login_as, learner, manager_a, org_a, course):
    from datetime import date  # noqa: PLC0415 -- used by this test only

    from training import services  # noqa: PLC0415 -- used by this test only

    services.assignment_create(actor=manager_a, course=course, organization=org_a, due_on=date(2031, 3, 4))
    client = login_as(learner)
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    client.post(step_url(course, VersionContent(course.current_version.content).first_key()))
    for name in ("training:my_learning", "training:catalogue"):
        page = client.get(reverse(name)).content.decode()
        assert course.title.data["en"] in page and "March 4, 2031" in page
        assert '<progress class="training-progress" max="100" value="25"' in page


# Session, user and its roles, the learner's courses (one query whatever their number), their certificates.
LEARNING_QUERIES = 5


@pytest.mark.parametrize("courses", [3, 30])
def test_my_learning_costs_the_same_for_3_or_30_courses(
    courses, login_as, learner, manager_a, org_a, django_assert_num_queries, instances_built
):
    from training import services  # noqa: PLC0415 -- used by this test only

    for number in range(courses):
        course = make_course(f"c{number}")
        services.assignment_create(actor=manager_a, course=course, organization=org_a)
        if number % 3 == 1:
            enrolment = services.enrolment_start(user=learner, course=course)
            services.lesson_complete(enrolment=enrolment, key=enrolment.current_step)
        elif number % 3 == 2:
            complete_course(learner, course)
    client = login_as(learner)
    instances_built.clear()
    with django_assert_num_queries(LEARNING_QUERIES):
        page = client.get(reverse("training:my_learning")).content.decode()
    assert page.count('<progress class="training-progress"') == courses
    assert instances_built["CourseVersion"] == 0  # progress comes from SQL, not from each version's content


def test_a_failed_final_says_what_was_wrong_never_what_was_right(login_as, learner):
    """The result of a failed final: which questions were wrong and what was chosen, but no answer's feedback
    (it can name the right answer), and how many attempts remain."""
    course = make_course("fair", max_attempts=3)
    client = login_as(learner)
    walk_to_final(client, course)
    result = client.get(take_final(client, course, wrong=3)["Location"]).content.decode()
    assert "did not reach the pass mark" in result and result.count("Not correct") == 3
    assert "You chose:" in result
    for feedback in ("Not this one", "C is wrong", "Well done"):  # the choices' feedback (tests/factories.py)
        assert feedback not in result
    assert "You have 2 attempts left." in result and "Try again" in result


def test_the_feedback_is_shown_once_the_final_is_passed_and_on_practice_checks(login_as, learner):
    course = make_course("fair-pass")
    client = login_as(learner)
    walk_to_final(client, course)
    passed = client.get(take_final(client, course, wrong=1)["Location"]).content.decode()
    assert "You passed" in passed and "This course sets no limit" not in passed
    assert "Well done" in passed and "Not this one" in passed


def test_after_a_failed_final_the_next_try_waits_the_courses_hours(login_as, learner):
    course = make_course("cool-down", retake_wait_hours=24)
    client = login_as(learner)
    walk_to_final(client, course)
    result = client.get(take_final(client, course, wrong=3)["Location"]).content.decode()
    assert "This course sets no limit on attempts." in result and "You can try again from" in result
    assert "Try again" not in result
    refused = client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}), follow=True)
    assert "You can try the final assessment again from" in refused.content.decode()
    assert Attempt.objects.filter(quiz=FINAL).count() == 1
    last = Attempt.objects.get(quiz=FINAL)
    Attempt.objects.filter(id=last.id).update(submitted_at=last.submitted_at - dt.timedelta(hours=25))
    take_final(client, course)
    assert Attempt.objects.filter(quiz=FINAL, passed=True).count() == 1


def test_the_form_s_values_tell_nothing_of_which_answer_is_right(login_as, learner, course):
    """A choice's value is random, not its row's id (rows follow the order answers were written in, the right
    ones often first: a learner reading the page's source could pass without reading it)."""
    import re  # noqa: PLC0415 -- used by this test only

    from training.models import Choice  # noqa: PLC0415 -- used by this test only

    client = login_as(learner)
    walk_to_final(client, course)
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    values = re.findall(r'name="q\d+" id="[^"]+" value="([^"]+)"', client.get(step_url(course, FINAL)).content.decode())
    assert len(values) == 11
    rows = {f"c{pk}" for pk in Choice.objects.values_list("pk", flat=True)}
    assert not rows & set(values) and all(re.fullmatch(r"c[0-9a-f]{12}", v) for v in values)
