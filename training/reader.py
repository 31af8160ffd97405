"""Reading a frozen course version: its steps, lessons, quizzes, grading, and safe rendering of lesson text.

Nothing here touches the database; it works on the JSON a `CourseVersion` holds (see `snapshot()` in
services.py for its shape).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import get_language_info, gettext

from taskforce import storage
from taskforce.language import localized

FINAL = "final"


def tr(value) -> str:
    """The current language's text of a frozen {language code: text} value, falling back to the source
    language (taskforce.language.localized)."""
    return localized(value).text


@dataclass
class Step:
    key: str
    kind: str  # "lesson" or "quiz"
    module: int  # index of the module, -1 for the final assessment
    title: dict


@dataclass
class QuestionResult:
    key: str
    correct: bool
    chosen: list[str] = field(default_factory=list)


class VersionContent:
    """Navigation and grading over one frozen version's content."""

    def __init__(self, content: dict):
        self.content = content
        self.steps: list[Step] = []
        self._lessons: dict[str, dict] = {}
        self._quizzes: dict[str, dict] = {}
        for index, module in enumerate(content.get("modules", [])):
            for lesson in module.get("lessons", []):
                self.steps.append(Step(lesson["key"], "lesson", index, lesson["title"]))
                self._lessons[lesson["key"]] = lesson
            check = module.get("check")
            if check and check.get("questions"):
                self.steps.append(Step(check["key"], "quiz", index, check["title"]))
                self._quizzes[check["key"]] = check
        final = content.get("final")
        if final and final.get("questions"):
            self.steps.append(Step(FINAL, "quiz", -1, final["title"]))
            self._quizzes[FINAL] = final
        self._index = {step.key: i for i, step in enumerate(self.steps)}

    @property
    def modules(self) -> list[dict]:
        return self.content.get("modules", [])

    def step(self, key: str) -> Step | None:
        index = self._index.get(key)
        return None if index is None else self.steps[index]

    def lesson(self, key: str) -> dict | None:
        return self._lessons.get(key)

    def quiz(self, key: str) -> dict | None:
        return self._quizzes.get(key)

    def first_key(self) -> str:
        return self.steps[0].key if self.steps else ""

    def next_key(self, key: str) -> str:
        index = self._index.get(key)
        if index is None or index + 1 >= len(self.steps):
            return ""
        return self.steps[index + 1].key

    def previous_key(self, key: str) -> str:
        index = self._index.get(key)
        return self.steps[index - 1].key if index else ""

    def progress(self, steps_done) -> int:
        if not self.steps:
            return 0
        done = len(set(steps_done) & set(self._index))
        return round(100 * done / len(self.steps))


def for_version(version) -> VersionContent:
    """The version's content reader, built once per loaded version object."""
    reader = getattr(version, "_reader", None)
    if reader is None:
        reader = version._reader = VersionContent(version.content)
    return reader


def media_url(stored: str) -> str:
    """The address of a file a version froze by its stored name, on our own origin (/media/<name>, whatever the
    storage: taskforce/storage.py), found when the page is shown. Versions that froze addresses were turned back
    into names (migration 0015); one that still holds an address is shown as it is."""
    return storage.media_url(stored)


@dataclass
class Track:
    url: str
    language: str
    label: str  # the language's name in that language, as a reader looks for it in the player's menu
    default: bool


def caption_tracks(lesson: dict, language: str) -> list[Track]:
    """The `<track>`s of a lesson's video: one per caption file, the reader's language shown by default, or else
    the source language's."""
    captions = lesson.get("captions", [])
    codes = {caption["language"] for caption in captions}
    shown = language if language in codes else settings.LANGUAGE_CODE
    return [
        Track(
            url=media_url(caption["file"]),
            language=caption["language"],
            label=get_language_info(caption["language"])["name_local"],
            default=caption["language"] == shown,
        )
        for caption in captions
    ]


def shuffled_choices(question: dict, seed) -> list[dict]:
    """The question's answers in an order that is random but the same every time for one attempt."""
    choices = list(question["choices"])
    random.Random(f"{seed}:{question['key']}").shuffle(choices)
    return choices


def clean_answers(quiz: dict, raw: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keep only answers that exist in the quiz; a single-choice question keeps at most one."""
    answers = {}
    for question in quiz["questions"]:
        valid = {choice["key"] for choice in question["choices"]}
        chosen = [key for key in raw.get(question["key"], []) if key in valid]
        if question["kind"] == "single":
            chosen = chosen[:1]
        if chosen:
            answers[question["key"]] = sorted(set(chosen))
    return answers


def unanswered(quiz: dict, answers: dict) -> list[str]:
    return [q["key"] for q in quiz["questions"] if not answers.get(q["key"])]


def grade(quiz: dict, answers: dict) -> tuple[int, list[QuestionResult]]:
    """Score in percent: a question counts when exactly the correct answers were chosen."""
    results = []
    for question in quiz["questions"]:
        correct = {c["key"] for c in question["choices"] if c["correct"]}
        chosen = answers.get(question["key"], [])
        results.append(QuestionResult(question["key"], set(chosen) == correct, list(chosen)))
    total = len(results) or 1
    return round(100 * sum(r.correct for r in results) / total), results


def review(quiz: dict, results: list[QuestionResult], seed) -> list[dict]:
    """Each question of a graded quiz with whether it was right and the answers chosen, in the order shown."""
    by_key = {r.key: r for r in results}
    return [
        {
            "question": q,
            "correct": by_key[q["key"]].correct,
            "chosen": [c for c in shuffled_choices(q, seed) if c["key"] in by_key[q["key"]].chosen],
        }
        for q in quiz["questions"]
    ]


def spot_check(quiz: dict, raw_answers: dict, *, seed, check: bool) -> tuple[dict, int]:
    """A quiz graded on the spot, nothing stored (the open awareness module, a draft's preview): the page's
    questions with the answers given, and when `check` asks for it, the score and review (or the error of a quiz
    not fully answered, with 400)."""
    answers = clean_answers(quiz, raw_answers)
    context: dict = {}
    status = 200
    if check:
        if unanswered(quiz, answers):
            context["error"] = gettext("Please answer every question before you submit.")
            status = 400
        else:
            score, results = grade(quiz, answers)
            context.update({"score": score, "review": review(quiz, results, seed)})
    context["questions"] = [
        {
            "question": q,
            "choices": [
                {"choice": c, "checked": c["key"] in answers.get(q["key"], [])} for c in shuffled_choices(q, seed)
            ],
        }
        for q in quiz["questions"]
    ]
    return context, status
