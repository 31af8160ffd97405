"""Demo data: demo learners' audiences and their organizations' assignments of the seed course (which
`reference.py` loads)."""

from datetime import timedelta

from django.utils import timezone

from taskforce.models import Organization, User

from . import conf, reference, scorm_demo
from .models import Assignment, Audience, Course, Invitation, LearnerProfile, OnboardingPolicy, SignupRequest
from .reference import SEED_COURSE_SLUG

LEARNERS = [
    ("learner@demo.example", "alberta-justice", Audience.JUSTICE),
    ("learner.act@demo.example", "act-alberta", Audience.VICTIM_SERVICES),
]
MANAGERS = {"alberta-justice": "trainer@demo.example", "act-alberta": "trainer.act@demo.example"}


def seed(*, password: str) -> None:
    reference.load()
    scorm_demo.seed()  # a fictional SCORM course beside the native ones
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
    seed_onboarding()


# Getting people in (issue 20): Alberta Justice takes registrations from its (fictional) demo domain; one person is
# invited and has not answered yet, another confirmed an address of another domain and waits for the trainer.
DEMO_DOMAIN = "demo.example"


def seed_onboarding() -> None:
    organization = Organization.objects.filter(slug="alberta-justice").first()
    manager = User.objects.filter(email=MANAGERS["alberta-justice"]).first()
    if organization is None:
        return
    OnboardingPolicy.objects.update_or_create(
        organization=organization,
        defaults={"self_registration": True, "email_domains": DEMO_DOMAIN, "others_need_approval": True},
    )
    now = timezone.now()
    Invitation.objects.get_or_create(
        organization=organization,
        email="invited.learner@demo.example",
        accepted_at=None,
        revoked_at=None,
        defaults={
            "name": "Ivy Invited (demo)",
            "audience": Audience.JUSTICE,
            "invited_by": manager,
            "created_at": now,
            "expires_at": now + timedelta(days=conf.invitation_days()),
        },
    )
    SignupRequest.objects.get_or_create(
        organization=organization,
        email="registered.learner@example.org",
        state=SignupRequest.State.WAITING,
        defaults={
            "name": "Rowan Registered (demo)",
            "audience": Audience.MINISTRY,
            "password_hash": "!",  # unusable: the demo person has no password
            "created_at": now,
            "expires_at": now + timedelta(hours=conf.signup_confirm_hours()),
            "confirmed_at": now,
        },
    )
