"""Reads of the firstcontact app: the current assessment content, scoring, saved assessments, rights pages."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncMonth

from taskforce.vocabulary import ExploitationKind, Province

from .models import Answer, Area, Assessment, AssessmentAnswer, AssessmentVersion, Guidance, Level, Question, RightsPage


def version_current() -> AssessmentVersion | None:
    """The newest published version, with its questions and guidance loaded."""
    return (
        AssessmentVersion.objects.filter(status=AssessmentVersion.Status.PUBLISHED)
        .prefetch_related("questions", "guidance")
        .order_by("-number")
        .first()
    )


def version_get(number: int) -> AssessmentVersion | None:
    return AssessmentVersion.objects.filter(number=number).exclude(status=AssessmentVersion.Status.DRAFT).first()


@dataclass
class Outcome:
    """What a set of answers suggests. Guidance, not a verdict."""

    version: AssessmentVersion
    province: str
    city: str
    answers: dict[str, str]
    full_done: bool
    score: int = 0
    preliminary_score: int = 0
    kind: str = ExploitationKind.UNSURE
    kinds: list[str] = field(default_factory=list)  # every kind a Yes points to, most points first
    level: str = Level.LOW
    is_minor: bool = False
    danger_now: bool = False
    indicators: list[tuple[str, list[Question]]] = field(default_factory=list)

    @property
    def risk_suggested(self) -> bool:
        return self.danger_now or self.preliminary_score >= self.version.preliminary_threshold

    @property
    def province_label(self) -> str:
        return Province(self.province).label

    @property
    def kind_label(self) -> str:
        return ExploitationKind(self.kind).label

    @property
    def kind_labels(self) -> list[str]:
        return [ExploitationKind(kind).label for kind in self.kinds] or [self.kind_label]

    def guidance(self) -> dict[str, list[Guidance]]:
        chosen: dict[str, list[Guidance]] = {}
        for item in self.version.guidance.all():
            if item.topic == Guidance.Topic.SUGGESTS and item.level != self.level:
                continue
            if item.topic == Guidance.Topic.DANGER and not self.danger_now:
                continue
            if item.topic == Guidance.Topic.MINOR and not self.is_minor:
                continue
            chosen.setdefault(item.topic, []).append(item)
        return chosen


def _points(question: Question, answer: str) -> int:
    if answer == Answer.YES:
        return question.weight
    if answer == Answer.UNSURE:
        return question.weight // 2  # an uncertain answer counts half
    return 0


def assessment_evaluate(
    *, version: AssessmentVersion, answers: dict[str, str], province: str, city: str = "", full_done: bool = False
) -> Outcome:
    """Score the answers (question key -> yes/no/unsure) against the version's questions."""
    outcome = Outcome(version=version, province=province, city=city, answers=answers, full_done=full_done)
    kinds: Counter = Counter()
    by_area: dict[str, list[Question]] = {}
    for question in version.questions.all():
        answer = answers.get(question.key, "")
        points = _points(question, answer)
        outcome.score += points
        if question.is_preliminary:
            outcome.preliminary_score += points
        if question.signal == Question.Signal.DANGER and answer == Answer.YES:
            outcome.danger_now = True
        if question.signal == Question.Signal.MINOR and answer in (Answer.YES, Answer.UNSURE):
            outcome.is_minor = True
        if points and question.points_to:
            kinds[question.points_to] += points
        if answer == Answer.YES and question.signal != Question.Signal.DANGER:
            by_area.setdefault(question.area, []).append(question)
    outcome.kind = _kind(kinds)
    outcome.kinds = [kind for kind, _points in kinds.most_common()]
    outcome.level = _level(version, outcome.score)
    outcome.indicators = [(Area(area).label, questions) for area, questions in by_area.items()]
    return outcome


def _kind(kinds: Counter) -> str:
    ranked = kinds.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return ExploitationKind.UNSURE
    return ranked[0][0]


def _level(version: AssessmentVersion, score: int) -> str:
    if score >= version.strong_threshold:
        return Level.STRONG
    if score >= version.some_threshold:
        return Level.SOME
    return Level.LOW


def outcome_of(assessment: Assessment) -> Outcome:
    """Re-evaluate a saved assessment with the version it was made with."""
    answers = {a.question.key: a.answer for a in assessment.answers.all()}
    return assessment_evaluate(
        version=assessment.version,
        answers=answers,
        province=assessment.province,
        city=assessment.city,
        full_done=assessment.full_done,
    )


def assessment_with_content(pk: int) -> Assessment | None:
    return (
        Assessment.objects.select_related("version", "referral")
        .prefetch_related(
            "version__questions",
            "version__guidance",
            Prefetch("answers", queryset=AssessmentAnswer.objects.select_related("question")),
        )
        .filter(pk=pk)
        .first()
    )


def assessments_of_provider(user) -> QuerySet[Assessment]:
    return Assessment.objects.filter(provider=user).select_related("version", "referral").order_by("-created_at")


def assessment_counts() -> dict:
    """Counts by province and kind of exploitation, without any personal detail. Each row's and the totals'
    `cells` pair each kind with its count (what a phone shows under each kind's name)."""
    rows = Assessment.objects.values("province", "kind").annotate(n=Count("id")).order_by()
    kinds = list(ExploitationKind)
    table = {province: dict.fromkeys(kinds, 0) for province in Province}
    for row in rows:
        table[Province(row["province"])][ExploitationKind(row["kind"])] = row["n"]
    body = [
        {"province": province, "counts": [table[province][k] for k in kinds], "total": sum(table[province].values())}
        for province in Province
    ]
    totals = [sum(row["counts"][i] for row in body) for i in range(len(kinds))]
    for row in body:
        row["cells"] = list(zip(kinds, row["counts"], strict=True))
    cells = list(zip(kinds, totals, strict=True))
    return {"kinds": kinds, "rows": body, "totals": totals, "total": sum(totals), "total_cells": cells}


# ----- know your rights ------------------------------------------------------------------------------------------


def rights_pages() -> list[RightsPage]:
    """Every published page, one per topic (each shows its texts in the page's language, marked where it falls
    back to the source language)."""
    return list(RightsPage.objects.filter(is_published=True).order_by("order", "slug"))


def rights_page_get(*, slug: str) -> RightsPage | None:
    return RightsPage.objects.filter(is_published=True, slug=slug).first()


# ----- public statistics (opendata/stats.py) -------------------------------------------------------------------


def assessment_counts_by_month(*, before) -> list[dict]:
    """Assessments saved before `before`, counted by month (its first day, in the portal's time zone) and province,
    in one grouped query."""
    return list(
        Assessment.objects.filter(created_at__lt=before)
        .annotate(month=TruncMonth("created_at"))
        .values("month", "province")
        .annotate(n=Count("id"))
        .order_by()
    )
