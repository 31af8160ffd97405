"""Questions are data: a published version is frozen in the admin; a copy is an editable draft."""

import pytest

from firstcontact.models import AssessmentVersion, Question
from firstcontact.services import version_copy, version_publish
from taskforce.testing.auth import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    return login(client, make_user(is_staff=True, is_superuser=True))


def test_published_version_is_read_only_and_shows_sources(admin_client, content):
    version = AssessmentVersion.objects.get(number=1)
    question = version.questions.first()
    page = admin_client.get(f"/admin/firstcontact/question/{question.pk}/change/")
    assert page.status_code == 200 and "Canadian Council for Refugees" in page.content.decode()
    response = admin_client.post(f"/admin/firstcontact/question/{question.pk}/change/", {"text_0": "Changed"})
    assert response.status_code == 403
    assert Question.objects.get(pk=question.pk).text.data["en"] != "Changed"


def test_a_copied_draft_can_be_edited_and_published(admin_client, content):
    draft = version_copy(version=AssessmentVersion.objects.get(number=1))
    assert draft.status == "draft" and draft.questions.count() == Question.objects.filter(version__number=1).count()
    question = draft.questions.get(key="pre-age")
    page = admin_client.get(f"/admin/firstcontact/question/{question.pk}/change/")
    assert 'name="text_0"' in page.content.decode()
    version_publish(version=draft)
    with pytest.raises(Exception):
        version_publish(version=draft)


def test_admin_actions_publish_and_copy(admin_client, content):
    response = admin_client.post(
        "/admin/firstcontact/assessmentversion/",
        {
            "action": "copy_to_draft",
            "_selected_action": [AssessmentVersion.objects.get(number=1).pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    draft = AssessmentVersion.objects.get(number=2)
    admin_client.post("/admin/firstcontact/assessmentversion/", {"action": "publish", "_selected_action": [draft.pk]})
    assert AssessmentVersion.objects.get(number=2).status == "published"
    assert AssessmentVersion.objects.get(number=1).status == "retired"


def test_content_load_is_idempotent(content):
    from firstcontact.services import content_load  # noqa: PLC0415 -- used by this test only

    count = Question.objects.count()
    content_load()
    assert Question.objects.count() == count and AssessmentVersion.objects.count() == 1


def test_a_rights_page_is_written_in_every_language_of_the_settings(admin_client, db, settings):
    from firstcontact.models import RightsPage  # noqa: PLC0415 -- used by this test only

    page = admin_client.get("/admin/firstcontact/rightspage/add/").content.decode()
    for index, (code, _name) in enumerate(settings.LANGUAGES):
        assert f'name="body_{index}"' in page and f'lang="{code}"' in page
    spanish = [code for code, _name in settings.LANGUAGES].index("es")
    form = {"slug": "rights-at-work", "title_0": "T", "summary_0": "S", "body_0": "B", "order": 1,
            "is_published": "on", f"title_{spanish}": "Título", f"body_{spanish}": "Texto"}  # fmt: skip
    assert admin_client.post("/admin/firstcontact/rightspage/add/", form).status_code == 302
    assert RightsPage.objects.get(slug="rights-at-work").languages() == ["en", "es"]


def test_a_rights_page_written_only_in_spanish_is_refused(admin_client, db, settings):
    spanish = [code for code, _name in settings.LANGUAGES].index("es")
    form = {"slug": "solo", "order": 1, "is_published": "on", f"title_{spanish}": "Título",
            f"summary_{spanish}": "Resumen", f"body_{spanish}": "Texto"}  # fmt: skip
    response = admin_client.post("/admin/firstcontact/rightspage/add/", form)
    assert response.status_code == 200 and "other languages fall back to it" in response.content.decode()
