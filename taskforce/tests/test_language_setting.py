"""A language is a setting (issue: every language a person at risk speaks): a made-up language added in settings
renders every public page with the English text marked as a fallback; no code lists languages by hand; the
content loader is idempotent."""

import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from actionplan.models import ActionItem, Plan
from firstcontact.models import RightsPage
from taskforce.language import localized
from taskforce.testing.auth import login
from tips.models import Hotline
from training.models import Course, Lesson

ROOT = Path(django_settings.BASE_DIR)
MADE_UP = "qz"  # no such language: nothing in the code may know it
EXTRA_INFO = {MADE_UP: {"bidi": False, "code": MADE_UP, "name": "Made-up", "name_local": "Made-up"}}


@pytest.fixture
def content(db):
    call_command("load_content", verbosity=0)


def _with_made_up(settings, tmp_path):
    """The language's line in settings and its (empty) catalogue: what adding a language takes, without content."""
    import subprocess  # noqa: PLC0415 -- this test only

    from django.conf.locale import LANG_INFO  # noqa: PLC0415 -- the test adds its language as apps.py does
    from django.utils.translation import trans_real  # noqa: PLC0415 -- its caches know the languages

    folder = tmp_path / "locale" / MADE_UP / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n', encoding="utf-8"
    )
    subprocess.run(["msgfmt", "-o", folder / "django.mo", folder / "django.po"], check=True)
    LANG_INFO.update(EXTRA_INFO)
    settings.LOCALE_PATHS = [*django_settings.LOCALE_PATHS, tmp_path / "locale"]
    settings.LANGUAGES = [*django_settings.LANGUAGES, (MADE_UP, "Made-up")]
    for cached in (trans_real.check_for_language, trans_real.get_supported_language_variant, trans_real.get_languages):
        getattr(cached, "cache_clear", lambda: None)()


@pytest.mark.django_db
def test_every_public_page_renders_in_a_made_up_language_with_english_marked(
    client, settings, content, tmp_path, coordinator
):
    _with_made_up(settings, tmp_path)
    page = RightsPage.objects.first()
    item = ActionItem.objects.filter(parent=None).first()
    open_course = Course.objects.filter(is_open=True).first()
    paths = [
        f"/{MADE_UP}/",
        f"/{MADE_UP}/hotlines/",
        f"/{MADE_UP}/tips/report/",
        f"/{MADE_UP}/rights/",
        f"/{MADE_UP}/rights/{page.slug}/",
        f"/{MADE_UP}/assess/",
        f"/{MADE_UP}/action-plan/",
        f"{item.get_absolute_url().replace('/en/', f'/{MADE_UP}/', 1)}",
        f"/{MADE_UP}/training/",
        f"/{MADE_UP}/training/courses/{open_course.slug}/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "fallback-mark" in response.content.decode() or path.rstrip("/").endswith(
            (MADE_UP, "report", "assess")
        ), path
    login(client, coordinator)
    for path in (f"/{MADE_UP}/action-plan/staff/", f"/{MADE_UP}/staff/"):
        response = client.get(path)
        assert response.status_code == 200, path
    body = client.get(f"/{MADE_UP}/rights/{page.slug}/").content.decode()
    assert localized(page.title, "en").text in body.replace("&#x27;", "'")
    assert "fallback-mark" in body


@pytest.mark.django_db
def test_the_mark_shows_where_a_translation_is_missing_and_not_where_it_exists(client, content):
    page = RightsPage.objects.first()
    french = client.get(f"/fr/rights/{page.slug}/").content.decode()
    assert "fallback-mark" not in french
    page.body = {"en": page.body.data["en"]}  # noqa: taskforce-languages -- a test may name languages
    page.save()
    french = client.get(f"/fr/rights/{page.slug}/").content.decode()
    assert "fallback-mark" in french


@pytest.mark.django_db
def test_load_content_twice_changes_nothing(content):
    models = [Course, Lesson, RightsPage, Hotline, Plan, ActionItem]

    def state():
        return {model.__name__: sorted(map(str, model.objects.values_list())) for model in models}

    before = state()
    call_command("load_content", verbosity=0)
    assert state() == before


@pytest.mark.django_db
def test_load_content_reports_unknown_keys_and_list_lengths(tmp_path, settings):
    import shutil  # noqa: PLC0415 -- this test only

    shutil.copytree(ROOT / "content" / "en", tmp_path / "en")
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "organizations.yaml").write_text("no-such-org: Personne\n", encoding="utf-8")
    (tmp_path / "fr" / "actionplan.yaml").write_text("items:\n  task-force:\n    title: [a, b]\n", encoding="utf-8")
    # The firstcontact files too (rights and assessment): a page the source does not have.
    (tmp_path / "ar").mkdir()
    (tmp_path / "ar" / "rights.yaml").write_text("no-such-page:\n  title: لا شيء\n", encoding="utf-8")
    settings.CONTENT_DIR = tmp_path
    from io import StringIO  # noqa: PLC0415 -- this test only

    err = StringIO()
    call_command("load_content", stderr=err, stdout=StringIO())
    assert "no-such-org: unknown key" in err.getvalue()
    assert "task-force/title: not a text" in err.getvalue()
    assert "ar/rights.yaml/no-such-page: unknown key" in err.getvalue()


# Non-test code names no language: languages come from settings.LANGUAGES and LANGUAGE_CODE.
SCANNED = ["actionplan", "firstcontact", "opendata", "taskforce", "tips", "training", "publications", "bench"]
SKIPPED_PARTS = {"tests", "migrations", "settings", "locale", "testing"}
HARD_CODED = re.compile(r"""(['"])(en|fr)\1|\b\w+_fr\b|\b(title|name|text|body|summary)_en\b""")
# A publication's own language (a report published in English or in French) is a fact about that document, not a
# choice among the portal's languages; it stays a vocabulary of its own.
ALLOWED = {("publications/models.py", 'EN = "en", _("English")'), ("publications/models.py", 'FR = "fr", _("French")')}


def test_no_code_lists_languages_by_hand():
    found = []
    for app in SCANNED:
        for path in (ROOT / app).rglob("*.py"):
            if SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if HARD_CODED.search(line) and (str(path.relative_to(ROOT)), line.strip()) not in ALLOWED:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)
