"""Lesson text is sanitized; answers are shuffled per attempt; grading counts exact answers."""

from taskforce.markdown import markdown_to_html
from training import reader

QUESTION = {
    "key": "q1",
    "kind": "multiple",
    "choices": [{"key": f"c{i}", "correct": i < 2, "text": {"en": str(i)}, "feedback": {"en": ""}} for i in range(6)],
}


def test_markdown_is_rendered_and_sanitized():
    html = markdown_to_html(
        "**bold** <script>alert(1)</script> [x](javascript:alert(1)) ![a](https://tracker.example/p.png) "
        "![b](/media/ok.png) <img src=x onerror=alert(1)>"
    )
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html
    assert "tracker.example" not in html
    assert 'src="/media/ok.png"' in html


def test_shuffle_is_stable_for_one_attempt_and_differs_between_attempts():
    orders = {tuple(c["key"] for c in reader.shuffled_choices(QUESTION, seed)) for seed in range(20)}
    assert len(orders) > 1
    assert reader.shuffled_choices(QUESTION, 7) == reader.shuffled_choices(QUESTION, 7)


def test_grade_needs_exactly_the_correct_answers():
    quiz = {"questions": [QUESTION]}
    assert reader.grade(quiz, {"q1": ["c0", "c1"]})[0] == 100
    assert reader.grade(quiz, {"q1": ["c0"]})[0] == 0
    assert reader.grade(quiz, {"q1": ["c0", "c1", "c2"]})[0] == 0


def test_single_choice_keeps_one_answer():
    quiz = {"questions": [{**QUESTION, "kind": "single"}]}
    assert reader.clean_answers(quiz, {"q1": ["c1", "c0", "zzz"]}) == {"q1": ["c1"]}
