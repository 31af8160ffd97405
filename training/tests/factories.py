"""Small courses for tests, built through the same path as the seed data (draft rows, then publish)."""

from django.urls import reverse

from training import reference
from training.reader import FINAL, VersionContent

SINGLE, MULTIPLE = "single", "multiple"


def _t(en, fr):
    """A text as the content files give it once merged: {code: text}."""
    return {"en": en, "fr": fr}


def _answer(correct, text, feedback):
    return {"correct": correct, "text": _t(*text), "feedback": _t(*feedback)}


def _q(text, right="Right", wrong="Wrong"):
    return {
        "kind": SINGLE,
        "text": _t(text, f"{text} (fr)"),
        "answers": [
            _answer(True, (right, f"{right} (fr)"), ("Well done", "Bravo")),
            _answer(False, (wrong, f"{wrong} (fr)"), ("Not this one", "Pas celle-ci")),
        ],
    }


def _multi(text):
    return {
        "kind": MULTIPLE,
        "text": _t(text, f"{text} (fr)"),
        "answers": [
            _answer(True, ("Yes A", "Oui A"), ("A is right", "A est juste")),
            _answer(True, ("Yes B", "Oui B"), ("B is right", "B est juste")),
            _answer(False, ("No C", "Non C"), ("C is wrong", "C est faux")),
        ],
    }


def make_course(
    slug="test-course",
    *,
    max_attempts=0,
    retake_wait_hours=0,
    validity_months=None,
    is_open=False,
    pass_mark=80,
    lesson_text="First lesson text",
):
    def lesson(title, body):
        return {"title": _t(*title), "body": _t(*body)}

    spec = {
        "slug": slug,
        "title": _t(f"Course {slug}", f"Cours {slug}"),
        "summary": _t("Summary", "Résumé"),
        "warning": _t("Hard topics ahead", "Sujets difficiles"),
        "audiences": ["justice"],
        "estimated_minutes": 20,
        "pass_mark": pass_mark,
        "max_attempts": max_attempts,
        "retake_wait_hours": retake_wait_hours,
        "validity_months": validity_months,
        "is_open": is_open,
        "modules": [
            {
                "title": _t("Module one", "Module un"),
                "lessons": [
                    lesson(("Lesson one", "Leçon un"), (lesson_text, f"{lesson_text} (fr)")),
                    lesson(("Lesson two", "Leçon deux"), ("Second lesson text", "Texte de la deuxième leçon")),
                ],
                "check": [_q("Check question")],
            }
        ],
        "final": []
        if is_open
        else [_q("Final one"), _q("Final two"), _multi("Final three"), _q("Final four"), _q("Final five")],
    }
    return reference.course_upsert(spec)


def answers_for(version, quiz_key, *, wrong=0) -> dict:
    """POST data answering the quiz; the first `wrong` questions get a wrong answer."""
    quiz = VersionContent(version.content).quiz(quiz_key)
    data = {}
    for index, question in enumerate(quiz["questions"]):
        pick = [c["key"] for c in question["choices"] if c["correct"] != (index < wrong)]
        data[question["key"]] = pick[:1] if index < wrong else pick
    return data


def step_url(course, key):
    return reverse("training:step", kwargs={"slug": course.slug, "key": key})


def walk_to_final(client, course):
    """Start the course and do every step before the final assessment through the pages."""
    client.post(reverse("training:course_start", kwargs={"slug": course.slug}))
    version = course.current_version
    for step in VersionContent(version.content).steps:
        if step.key == FINAL:
            break
        if step.kind == "lesson":
            client.post(step_url(course, step.key))
        else:
            client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": step.key}))
            client.post(step_url(course, step.key), {**answers_for(version, step.key), "action": "submit"})


def take_final(client, course, *, wrong=0, version=None):
    version = version or course.current_version
    client.post(reverse("training:quiz_start", kwargs={"slug": course.slug, "key": FINAL}))
    return client.post(step_url(course, FINAL), {**answers_for(version, FINAL, wrong=wrong), "action": "submit"})


def complete_course(user, course):
    """Take the whole course through the services, passing every quiz; returns the completed run."""
    from training import services  # noqa: PLC0415 -- test helpers load the services only when used

    enrolment = services.enrolment_start(user=user, course=course)
    for step in VersionContent(enrolment.version.content).steps:
        if step.kind == "lesson":
            services.lesson_complete(enrolment=enrolment, key=step.key)
        else:
            attempt = services.attempt_open(enrolment=enrolment, quiz=step.key)
            services.attempt_submit(attempt=attempt, raw_answers=answers_for(enrolment.version, step.key))
    enrolment.refresh_from_db()
    return enrolment
