"""Demo data: demo learners' audiences and their organizations' assignments of the seed course (which
`reference.py` loads)."""

from datetime import timedelta

from django.utils import timezone

from taskforce.models import Organization, User

from . import reference
from .models import Assignment, Audience, Course, LearnerProfile
from .reference import SEED_COURSE_SLUG

LEARNERS = [
    ("learner@demo.example", "alberta-justice", Audience.JUSTICE),
    ("learner.act@demo.example", "act-alberta", Audience.VICTIM_SERVICES),
]
MANAGERS = {"alberta-justice": "trainer@demo.example", "act-alberta": "trainer.act@demo.example"}


def seed(*, password: str) -> None:
    reference.load()
    course = Course.objects.get(slug=SEED_COURSE_SLUG)
    due_on = timezone.localdate() + timedelta(days=30)
    for email, org_slug, audience in LEARNERS:
        user = User.objects.filter(email=email).first()
        organization = Organization.objects.filter(slug=org_slug).first()
        if user is None or organization is None:
            continue
        LearnerProfile.objects.update_or_create(user=user, defaults={"audience": audience})
        manager = User.objects.filter(email=MANAGERS[org_slug]).first()
        Assignment.objects.update_or_create(
            course=course,
            organization=organization,
            audience=audience,
            user=None,
            defaults={"required": True, "due_on": due_on, "created_by": manager},
        )
