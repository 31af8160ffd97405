"""Two submissions of the same final attempt at the same moment leave one completion and one certificate."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction

from taskforce.testing.plugin import missing
from training import services
from training.models import Certificate, Enrolment
from training.reader import FINAL, VersionContent

from .factories import answers_for


def _ready_attempt(learner, course):
    enrolment = services.enrolment_start(user=learner, course=course)
    enrolment.steps_done = [s.key for s in VersionContent(course.current_version.content).steps if s.key != FINAL]
    enrolment.save()
    return services.attempt_open(enrolment=enrolment, quiz=FINAL)


@pytest.mark.django_db
def test_a_second_certificate_for_one_run_is_impossible(learner, course):
    attempt = _ready_attempt(learner, course)
    services.attempt_submit(attempt=attempt, raw_answers=answers_for(course.current_version, FINAL))
    certificate = Certificate.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certificate.objects.create(
            enrolment=certificate.enrolment,
            user=learner,
            token="another-token",
            learner_name="x",
            course_title={"en": "x", "fr": "x"},
            version_number=1,
            score=100,
            issued_on=certificate.issued_on,
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submits_leave_one_completion(learner, course):
    if connection.vendor != "postgresql":
        missing("row locks need PostgreSQL (set DATABASE_URL)")
    attempt = _ready_attempt(learner, course)
    answers = answers_for(course.current_version, FINAL)
    barrier = threading.Barrier(2)
    errors = []

    def submit():
        try:
            barrier.wait()
            services.attempt_submit(attempt=attempt, raw_answers=answers)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Certificate.objects.count() == 1
    assert Enrolment.objects.filter(completed_at__isnull=False).count() == 1
