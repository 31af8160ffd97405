"""The seed: one real course in two languages, the open module, demo learners assigned. Idempotent."""

import pytest

from taskforce import demo as taskforce_demo
from training import demo, selectors
from training.models import Assignment, Course, CourseVersion
from training.reader import FINAL, VersionContent

pytestmark = pytest.mark.django_db


def test_seed_is_idempotent_and_complete():
    taskforce_demo.seed(password="demo-password-123")
    demo.seed(password="demo-password-123")
    demo.seed(password="demo-password-123")
    course = Course.objects.get(slug="recognizing-responding-human-trafficking")
    assert CourseVersion.objects.filter(course=course).count() == 1
    content = course.current_version.content
    assert content["warning"]["en"] and content["warning"]["fr"]
    assert all(module["check"]["questions"] for module in content["modules"])
    assert len(content["final"]["questions"]) >= 6
    steps = VersionContent(content).steps
    assert steps[-1].key == FINAL
    text = str(content)
    for fact in ("1-833-900-1010", "911", "905-546-4904", "1-866-528-7109", "1-844-333-2211", "Palermo"):
        assert fact in text
    assert Course.objects.get(slug="human-trafficking-awareness").is_open
    # One per demo organization for its audience, and one overdue for one person in each (the demo's mix).
    assert Assignment.objects.filter(course=course, user=None).count() == 2
    overdue = Assignment.objects.filter(course=course, user__isnull=False)
    assert overdue.count() == 2 and all(a.due_on < a.created_at.date() for a in overdue)
    from taskforce.models import User  # noqa: PLC0415 -- used by this test only

    learner = User.objects.get(email="learner@demo.example")
    assert [row.course for row in selectors.learning_for_user(learner)] == [course]
