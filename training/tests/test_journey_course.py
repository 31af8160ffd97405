"""Browser journey, in English and French: a demo learner takes the seed course with the keyboard, fails the
final assessment once, passes it, downloads the certificate, and the verification link works signed out; the
Training manager of another organization does not see that learner, the learner's own manager does."""

from pathlib import Path

import pytest

from taskforce import demo as taskforce_demo
from taskforce.testing.browser import check_accessibility, visit
from training import demo
from training.models import Certificate, Course
from training.reader import FINAL, VersionContent

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "journey-password-2026"
LEARNER = "Demo Learner, Alberta Justice (fictional)"
LABELS = {
    "en": {
        "start": "Start the course",
        "done": "Mark as done",
        "begin": "Begin",
        "continue": "Continue",
        "retry": "Try again",
        "failed": "did not reach the pass mark",
        "passed": "You passed and completed",
        "pdf": "Download your certificate (PDF)",
        "verify": "Verification page",
        "valid": "This certificate is valid.",
        "course": "Recognizing and responding to human trafficking",
        "warning": "Content warning",
        "revoke": "Revoke",
        "revoked": "was revoked and is no longer valid",
    },
    "fr": {
        "start": "Commencer le cours",
        "done": "Marquer comme terminé",
        "begin": "Commencer",
        "continue": "Continuer",
        "retry": "Réessayer",
        "failed": "pas atteint la note de passage",
        "passed": "Vous avez réussi et terminé le cours",
        "pdf": "Télécharger votre certificat (PDF)",
        "verify": "Page de vérification",
        "valid": "Ce certificat est valide.",
        "course": "Reconnaître la traite des personnes et y réagir",
        "warning": "Mise en garde",
        "revoke": "Révoquer",
        "revoked": "a été révoqué et n'est plus valide",
    },
}


@pytest.fixture
def seeded(db):
    taskforce_demo.seed(password=PASSWORD)
    demo.seed(password=PASSWORD)
    return Course.objects.get(slug="recognizing-responding-human-trafficking")


def sign_in(page, lang, email):
    visit(page, f"/{lang}/accounts/login/?next=/{lang}/training/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: url.endswith(f"/{lang}/training/"))
    check_accessibility(page)


def sign_out(page):
    page.locator("form[action*='logout'] button").click()
    page.wait_for_load_state()


def tab_to(page, condition: str, limit: int = 300):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return {condition}; }})()"):
            return
    raise AssertionError(f"Tab never reached {condition}")


def answer_with_keyboard(page, quiz: dict, *, wrong: int = 0):
    """Choose answers and submit with key presses only: Tab, arrow keys, Space and Enter."""
    wanted = set()
    for index, question in enumerate(quiz["questions"]):
        picks = [c["key"] for c in question["choices"] if c["correct"] != (index < wrong)]
        wanted.update(f"{question['key']}-{key}" for key in (picks[:1] if index < wrong else picks))
    inputs = page.eval_on_selector_all("input.form-check-input", "els => els.map(e => [e.id, e.name, e.type])")
    done_groups = set()
    for input_id, name, kind in inputs:
        if input_id not in wanted:
            continue
        if kind == "checkbox":
            tab_to(page, f"el.id === '{input_id}'")
            page.keyboard.press("Space")
        elif name not in done_groups:
            tab_to(page, f"el.name === '{name}'")
            for _ in range(10):
                if page.evaluate("document.activeElement.id") == input_id:
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            done_groups.add(name)
        assert page.locator(f"#{input_id}").is_checked()
    tab_to(page, "el.name === 'action' && el.value === 'submit'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    check_accessibility(page)


def click(page, role, name):
    page.get_by_role(role, name=name, exact=False).first.click()
    page.wait_for_load_state()
    check_accessibility(page)


def take_course(page, lang, course_content):
    t = LABELS[lang]
    for _ in range(40):
        if page.url.rstrip("/").endswith(f"/steps/{FINAL}"):
            return
        if page.get_by_role("button", name=t["done"]).count():
            click(page, "button", t["done"])
        elif page.get_by_role("button", name=t["begin"], exact=True).count():
            page.get_by_role("button", name=t["begin"], exact=True).click()
            page.wait_for_load_state()
            key = page.url.rstrip("/").split("/")[-1]
            answer_with_keyboard(page, course_content.quiz(key))
            click(page, "link", t["continue"])
        else:
            raise AssertionError(f"unexpected page {page.url}")
    raise AssertionError("the course never reached the final assessment")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_learner_completes_course_and_certificate_verifies(page, live_server, seeded, lang):
    t = LABELS[lang]
    course_content = VersionContent(seeded.current_version.content)
    sign_in(page, lang, "learner@demo.example")
    assert page.locator("progress").count() >= 1  # assigned course with its progress bar
    click(page, "link", t["course"])
    assert page.get_by_role("heading", name=t["warning"]).is_visible()
    click(page, "button", t["start"])
    take_course(page, lang, course_content)

    final = course_content.quiz(FINAL)
    page.get_by_role("button", name=t["begin"], exact=True).click()
    page.wait_for_load_state()
    answer_with_keyboard(page, final, wrong=2)  # 6 of 8: 75%, under the 80% pass mark
    assert t["failed"] in page.content()
    assert not Certificate.objects.filter(user__email="learner@demo.example").exists()  # other demo learners passed
    tab_to(page, f"el.tagName === 'BUTTON' && el.textContent.trim() === '{t['retry']}'")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    answer_with_keyboard(page, final)
    assert t["passed"] in page.content()

    with page.expect_download() as download_info:
        page.get_by_role("link", name=t["pdf"]).click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF-")
    verify_href = page.get_by_role("link", name=t["verify"]).first.get_attribute("href")
    assert len(Certificate.objects.get(user__email="learner@demo.example").token) >= 32

    sign_out(page)
    visit(page, verify_href)
    assert t["valid"] in page.content() and LEARNER in page.content()
    assert page.locator('meta[name="robots"]').get_attribute("content").startswith("noindex")

    # The manager of another organization does not see the learner; the learner's own manager does.
    sign_in(page, lang, "trainer.act@demo.example")
    visit(page, f"/{lang}/training/staff/report/")
    assert LEARNER not in page.content()
    sign_out(page)
    sign_in(page, lang, "trainer@demo.example")
    visit(page, f"/{lang}/training/staff/report/")
    assert LEARNER in page.content()
    visit(page, f"/{lang}/training/staff/assignments/")
    assert t["course"] in page.content()

    # The learner's manager revokes the certificate with a reason; the public page says so at once.
    visit(page, f"/{lang}/training/staff/report/")
    click(page, "link", t["revoke"])
    page.fill("textarea[name=reason]", "Demo: revoked in the browser journey")
    click(page, "button", t["revoke"])
    sign_out(page)
    visit(page, verify_href)
    assert t["revoked"] in page.content()


OPEN_LABELS = {
    "en": {
        "start": "Start the awareness module",
        "next": "Next step",
        "check": "Check my answers",
        "score": "Your score: 100%",
    },
    "fr": {
        "start": "Commencer le module de sensibilisation",
        "next": "Étape suivante",
        "check": "Vérifier mes réponses",
        "score": "Votre note : 100 %",
    },
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_anyone_takes_the_awareness_module_without_an_account_or_cookie(page, seeded, lang):
    t = OPEN_LABELS[lang]
    course = Course.objects.get(slug="human-trafficking-awareness")
    content = VersionContent(course.current_version.content)
    visit(page, f"/{lang}/training/")
    click(page, "link", course.title.data["fr"] if lang == "fr" else course.title.data["en"])
    click(page, "link", t["start"])
    while page.get_by_role("link", name=t["next"], exact=True).count() and "/steps/" not in page.url:
        if page.locator("input.form-check-input").count():
            break
        click(page, "link", t["next"])
    quiz = content.quiz(page.url.rstrip("/").split("/")[-1])
    for question in quiz["questions"]:
        for choice in question["choices"]:
            if choice["correct"]:
                page.check(f"#{question['key']}-{choice['key']}")
    click(page, "button", t["check"])
    assert t["score"] in page.content()
    assert page.context.cookies() == []  # nothing stored, not even a cookie
