"""Browser journey of issue 20's authoring, in English and French: a training manager writes a lesson and sees its
Markdown rendered beside the box as they type (the live preview), saves it, walks the draft as a learner would,
publishes, and sees the version with what it changed."""

import pytest
from i18nfield.strings import LazyI18nString

from taskforce.testing.browser import check_accessibility, visit
from taskforce.testing.factories import PASSWORD
from training import authoring
from training.models import CourseVersion, Module, Question

from .test_journey_program import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAID = {
    "en": {"first": "First version of the course.", "published": "Version 1 is published."},
    "fr": {"first": "Première version du cours.", "published": "La version 1 est publiée."},
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_manager_sees_the_lesson_as_they_type_then_previews_and_publishes(page, manager_a, org_a, lang):
    course = authoring.course_draft_create(
        actor=manager_a, organization=org_a, title=LazyI18nString({"en": "Inspections 101"})
    )
    module = authoring.module_add(actor=manager_a, course=course, module=Module(title=LazyI18nString({"en": "Signs"})))
    choices = [
        {"text": LazyI18nString({"en": "The employer"}), "is_correct": True, "feedback": LazyI18nString({})},
        {"text": LazyI18nString({"en": "The worker"}), "is_correct": False, "feedback": LazyI18nString({})},
    ]
    final = Question(text=LazyI18nString({"en": "Who keeps the passport here?"}))
    authoring.question_save(actor=manager_a, course=course, question=final, choices=choices)

    sign_in(page, lang, manager_a.email, PASSWORD, f"/{lang}/training/staff/modules/{module.id}/lessons/new/")
    page.fill("input[name=title_0]", "Papers kept by the employer")
    body = page.locator("textarea[name=body_0]")
    body.click()
    body.type("Ask **who keeps** the passport.\n\n- away from the employer")
    preview = page.locator("#markdown-preview")
    preview.locator("strong", has_text="who keeps").wait_for()
    assert preview.locator("li").inner_text() == "away from the employer"
    check_accessibility(page)
    page.locator("main form[data-markdown-preview] button[type=submit]").click()
    page.wait_for_url(f"**/training/staff/courses/{course.id}/")

    assert SAID[lang]["first"] in page.locator("main").inner_text()
    page.locator(f"main a[href*='/training/staff/courses/{course.id}/preview/']").first.click()
    page.wait_for_load_state()
    assert page.locator("main article strong").inner_text() == "who keeps"
    check_accessibility(page)

    visit(page, f"/{lang}/training/staff/courses/{course.id}/")
    page.locator(f"main form[action$='/training/staff/courses/{course.id}/publish/'] button").click()
    page.wait_for_load_state()
    assert SAID[lang]["published"] in page.locator("main").inner_text()
    assert CourseVersion.objects.get(course=course).content["modules"][0]["lessons"][0]["body"]["en"].startswith("Ask")
