"""Demo data: demo learners' audiences and their organizations' assignments of the seed course (which
`reference.py` loads), and a few more fictional learners in each of those organizations at every stage of it:
not started, part-way, passed (with a certificate), failed the final assessment, and one whose own assignment is
overdue. Their progress goes through the learners' services, as if they had clicked through the course."""

import io
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from i18nfield.strings import LazyI18nString
from PIL import Image

from taskforce import roles
from taskforce.models import Organization, User
from taskforce.services import user_create_or_update

from . import authoring, conf, reference, scorm_demo, services
from .models import (
    Assignment,
    Audience,
    Course,
    Invitation,
    LearnerProfile,
    Lesson,
    Module,
    OnboardingPolicy,
    Question,
    SignupRequest,
)
from .reader import FINAL, VersionContent
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
    seed_learners(password=password)
    seed_onboarding()
    seed_authoring()


# Each organization of LEARNERS gets one fictional learner at each stage of the seed course (names invented).
STAGES = ["not_started", "in_progress", "passed", "failed", "overdue"]
FIRST_NAMES = {
    "not_started": "Nadia",
    "in_progress": "Ian",
    "passed": "Priya",
    "failed": "Felix",
    "overdue": "Olu",
}
ORGANIZATION_NAMES = {"alberta-justice": "Alberta Justice", "act-alberta": "ACT Alberta"}
OVERDUE_DAYS = 14


def demo_learner_email(org_slug: str, stage: str) -> str:
    return f"learner.{stage.replace('_', '-')}.{org_slug}@demo.example"


def seed_learners(*, password: str) -> None:
    course = Course.objects.get(slug=SEED_COURSE_SLUG)
    for _email, org_slug, audience in LEARNERS:
        organization = Organization.objects.filter(slug=org_slug).first()
        manager = User.objects.filter(email=MANAGERS[org_slug]).first()
        if organization is None:
            continue
        for stage in STAGES:
            user = user_create_or_update(
                email=demo_learner_email(org_slug, stage),
                full_name=f"{FIRST_NAMES[stage]} Demo, {ORGANIZATION_NAMES[org_slug]} (fictional)",
                password=password,
                roles=[roles.LEARNER],
                organizations=[organization],
            )
            LearnerProfile.objects.update_or_create(user=user, defaults={"audience": audience})
            if stage == "overdue":
                if not Assignment.objects.filter(course=course, user=user).exists():
                    services.assignment_create(
                        actor=manager,
                        course=course,
                        organization=organization,
                        user=user,
                        due_on=timezone.localdate() - timedelta(days=OVERDUE_DAYS),
                    )
            elif stage != "not_started" and not user.enrolments.filter(course=course).exists():
                _take_course(user=user, course=course, stage=stage)


def _answers(quiz: dict, *, right: bool) -> dict:
    """Every question answered: with exactly the right choices, or with one wrong choice."""
    chosen = {}
    for question in quiz["questions"]:
        picks = [c["key"] for c in question["choices"] if c["correct"] == right]
        chosen[question["key"]] = picks if right else picks[:1] or [question["choices"][0]["key"]]
    return chosen


def _take_course(*, user, course: Course, stage: str) -> None:
    """A learner's clicks through the course: the first lesson only (in progress), every step answered right
    (passed, with a certificate), or every step but a wrong final assessment (failed, may try again)."""
    enrolment = services.enrolment_start(user=user, course=course)
    content = VersionContent(enrolment.version.content)
    for step in content.steps:
        if step.kind == "lesson":
            services.lesson_complete(enrolment=enrolment, key=step.key)
            if stage == "in_progress":
                return
            continue
        quiz = content.quiz(step.key)
        right = stage == "passed" or step.key != FINAL
        attempt = services.attempt_open(enrolment=enrolment, quiz=step.key)
        services.attempt_submit(attempt=attempt, raw_answers=_answers(quiz, right=right))


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


# Writing courses in the portal (issue 20): Alberta Justice's trainer wrote a short fictional course here and published
# it; a later change to its lesson waits in the draft, so the course page shows what publishing would change.
AUTHORED_COURSE_SLUG = "demo-written-here-inspection-signs"


def _demo_picture() -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", (320, 180), (31, 78, 121)).save(out, format="PNG")
    return ContentFile(out.getvalue(), name="demo-passport-desk.png")


def _source(text: str) -> LazyI18nString:
    """A demo text in the source language only: the other languages show it marked as not translated yet."""
    return LazyI18nString({settings.LANGUAGE_CODE: text})


def seed_authoring() -> None:
    organization = Organization.objects.filter(slug="alberta-justice").first()
    manager = User.objects.filter(email=MANAGERS["alberta-justice"]).first()
    if organization is None or Course.objects.filter(slug=AUTHORED_COURSE_SLUG).exists():
        return
    course = authoring.course_draft_create(
        actor=manager,
        organization=organization,
        title=_source("Workplace visits: first signs (demo)"),
        summary=_source("A fictional short course written in the portal by a training manager."),
        audiences=[Audience.JUSTICE, Audience.POLICE],
        estimated_minutes=10,
        pass_mark=50,
        max_attempts=3,
    )
    course.slug = AUTHORED_COURSE_SLUG
    course.save(update_fields=["slug"])
    module = authoring.module_add(
        actor=manager,
        course=course,
        module=Module(title=_source("What you may see")),
    )
    lesson = authoring.lesson_add(
        actor=manager,
        module=module,
        lesson=Lesson(
            title=_source("Papers kept by someone else"),
            body=_source(
                "A worker who cannot show **their own passport or permit** may not be free to leave. "
                "Ask calmly, away from the employer, and never put the person at risk."
            ),
            image=_demo_picture(),
            image_alt=_source("A blue card standing for a passport on a desk."),
        ),
    )
    choices = [
        {
            "text": _source("The employer keeps them"),
            "is_correct": True,
            "feedback": _source("Yes: holding someone's papers is a way of controlling them."),
        },
        {
            "text": _source("The worker keeps them"),
            "is_correct": False,
            "feedback": _source("That is what we hope to see; it is not a sign of control."),
        },
    ]
    question_text = _source("Which of these is a sign of control?")
    authoring.question_save(actor=manager, course=course, question=Question(text=question_text), choices=choices)
    authoring.draft_publish(actor=manager, course=course)
    lesson.title = _source("Papers held by someone else")
    authoring.draft_save(actor=manager, course=course, obj=lesson)
