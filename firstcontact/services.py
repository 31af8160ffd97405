"""Writes of the firstcontact app. Only signed-in providers' assessments are ever saved."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from taskforce import content_files
from taskforce.content_files import upsert_texts
from taskforce.language import i18n_text, localized

from .models import Assessment, AssessmentAnswer, AssessmentVersion, Guidance, Level, Question, Referral, RightsPage
from .selectors import Outcome, outcome_of


@transaction.atomic
def assessment_save(*, provider, outcome: Outcome) -> Assessment:
    assessment = Assessment.objects.create(
        version=outcome.version,
        provider=provider,
        province=outcome.province,
        city=outcome.city,
        kind=outcome.kind,
        score=outcome.score,
        level=outcome.level,
        is_minor=outcome.is_minor,
        danger_now=outcome.danger_now,
        full_done=outcome.full_done,
    )
    questions = {q.key: q for q in outcome.version.questions.all()}
    AssessmentAnswer.objects.bulk_create(
        AssessmentAnswer(assessment=assessment, question=questions[key], answer=value)
        for key, value in outcome.answers.items()
        if value and key in questions
    )
    return assessment


def assessment_summary(outcome: Outcome) -> str:
    """The plain-text summary attached to a referral: the answers that point to risk, no personal details."""
    lines = [
        _("Referral from the first-contact assessment tool (questions version %(n)s).") % {"n": outcome.version.number},
        _("Province or territory: %(p)s") % {"p": outcome.province_label},
        _("Suggested kind of exploitation: %(k)s") % {"k": outcome.kind_label},
        _("Score: %(s)s (%(l)s)") % {"s": outcome.score, "l": Level(outcome.level).label},
    ]
    if outcome.is_minor:
        lines.append(_("The person may be under 18."))
    if outcome.danger_now:
        lines.append(_("The person may be in immediate danger."))
    for area, questions in outcome.indicators:
        lines.append(f"{area}:")
        lines.extend(f"- {q.text}" for q in questions)
    return "\n".join(lines)


@dataclass
class ReferralResult:
    referral: Referral
    receipt_code: str
    receivers: list


@transaction.atomic
def referral_make(
    *,
    assessment: Assessment,
    what_happened: str,
    kind: str,
    consent: bool,
    consent_text: str,
    contact_preference: str = "",
) -> ReferralResult:
    """Send the assessment to the hotline(s) through the tips app, recording the person's consent."""
    from tips.selectors import receivers_for  # noqa: PLC0415 -- another app's service, loaded when used so that apps load in any order
    from tips.services import tip_submit  # noqa: PLC0415 -- another app's service, loaded when used so that apps load in any order

    if not consent:
        raise ValidationError(_("A referral needs the person's consent."))
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if Referral.objects.filter(assessment=locked).exists():
        raise ValidationError(_("This assessment has already been referred."))
    receivers = receivers_for(province=assessment.province, kind=kind, city=assessment.city)
    if not receivers:
        raise ValidationError(_("No hotline takes referrals for this province and kind yet. Please call a hotline."))
    outcome = outcome_of(assessment)
    consent_line = _("Consent: the person agreed to this referral (%(text)s)") % {"text": consent_text}
    form_data = {
        "what_happened": f"{what_happened.strip()}\n\n---\n{assessment_summary(outcome)}\n{consent_line}",
        "province": assessment.province,
        "city": assessment.city,
        "place": "",
        "when": "",
        "kind": kind,
        "danger_now": assessment.danger_now,
        "people_description": "",
        "contact_preference": contact_preference,
    }
    receipt = tip_submit(form_data=form_data, source="assessment")
    tip = receipt.tip
    referral = Referral.objects.create(
        assessment=locked,
        consent_given=True,
        consent_text=consent_text,
        tip_reference=str(getattr(tip, "reference", "") or tip.pk),
        receivers=", ".join(localized(h.name, settings.LANGUAGE_CODE).text for h in receivers),
    )
    return ReferralResult(referral=referral, receipt_code=receipt.receipt_code, receivers=receivers)


# ----- versions --------------------------------------------------------------------------------------------------


@transaction.atomic
def version_publish(*, version: AssessmentVersion) -> AssessmentVersion:
    """Freeze a draft and make it the current version; earlier published versions are retired."""
    locked = AssessmentVersion.objects.select_for_update().get(pk=version.pk)
    if locked.is_frozen:
        raise ValidationError(_("Only a draft can be published."))
    if not locked.questions.filter(area="preliminary").exists():
        raise ValidationError(_("A version needs at least one preliminary question."))
    AssessmentVersion.objects.filter(status=AssessmentVersion.Status.PUBLISHED).update(
        status=AssessmentVersion.Status.RETIRED
    )
    locked.status = AssessmentVersion.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_at"])
    return locked


@transaction.atomic
def version_copy(*, version: AssessmentVersion) -> AssessmentVersion:
    """A new draft with the same questions and guidance, to edit and publish later."""
    number = (AssessmentVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    draft = AssessmentVersion.objects.create(
        number=number,
        notes=version.notes,
        preliminary_threshold=version.preliminary_threshold,
        some_threshold=version.some_threshold,
        strong_threshold=version.strong_threshold,
    )
    for question in version.questions.all():
        question.pk, question.version = None, draft
        question.save()
    for item in version.guidance.all():
        item.pk, item.version = None, draft
        item.save()
    return draft


# ----- content ---------------------------------------------------------------------------------------------------


@transaction.atomic
def content_load() -> list[str]:
    """The assessment and the know-your-rights pages from `content/<code>/` (taskforce.content_files): version 1 of
    the assessment is made from the source language's file the first time (then published, so frozen: only its
    texts are updated later, by question key and guidance position); rights pages are upserted by slug.
    Idempotent. Returns the problems found in the files (not loaded)."""
    assessment = content_files.read("assessment.yaml")
    rights = content_files.read("rights.yaml")
    version, created = AssessmentVersion.objects.get_or_create(
        number=1, defaults={"preliminary_threshold": 2, "some_threshold": 4, "strong_threshold": 10}
    )
    if created:
        _questions_create(version, assessment.data["questions"])
        _guidance_create(version, assessment.data["guidance"])
        version_publish(version=version)
    else:
        _texts_update(version, assessment.data)
    for slug, page in rights.data.items():
        upsert_texts(RightsPage, {"slug": slug}, {"order": page["order"]}, page, ("title", "summary", "body"))
    return assessment.problems + rights.problems


def _texts_update(version: AssessmentVersion, data: dict) -> None:
    for key, spec in data["questions"].items():
        question = version.questions.filter(key=key).first()
        if question is not None:
            upsert_texts(Question, {"pk": question.pk}, {}, spec, ("text", "help"))
    guidance = list(version.guidance.order_by("order", "id"))
    for row, spec in zip(guidance, data["guidance"], strict=False):
        upsert_texts(Guidance, {"pk": row.pk}, {}, spec, ("heading", "body"))


def _questions_create(version: AssessmentVersion, questions: dict) -> None:
    Question.objects.bulk_create(
        Question(
            version=version,
            key=key,
            area=spec["area"],
            order=order,
            weight=spec["weight"],
            points_to=spec["points_to"],
            signal=spec["signal"],
            text=i18n_text(spec["text"]),
            help=i18n_text(spec["help"]),
            source="\n".join(spec["sources"]),
        )
        for order, (key, spec) in enumerate(questions.items(), start=1)
    )


def _guidance_create(version: AssessmentVersion, guidance: list) -> None:
    Guidance.objects.bulk_create(
        Guidance(
            version=version,
            topic=spec["topic"],
            level=spec["level"],
            order=order,
            heading=i18n_text(spec["heading"]),
            body=i18n_text(spec["body"]),
        )
        for order, spec in enumerate(guidance, start=1)
    )
