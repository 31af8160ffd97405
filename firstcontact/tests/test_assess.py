"""The assessment tool through the test client: signed out nothing is stored, signed in it is saved for the
provider alone."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from firstcontact.models import Assessment, AssessmentAnswer, AssessmentVersion
from firstcontact.services import version_copy, version_publish
from taskforce.testing.auth import login

from .helpers import FULL_LABOUR, PRELIM_NONE, PRELIM_RISK, full_post, prelim_post

pytestmark = pytest.mark.django_db
URL = "/en/assess/"


def assert_nothing_kept(response):
    assert not response.cookies, f"cookies set: {list(response.cookies)}"
    assert "Set-Cookie" not in response.headers
    assert Assessment.objects.count() == 0 and AssessmentAnswer.objects.count() == 0
    assert Session.objects.count() == 0


def test_signed_out_preliminary_screen_sets_no_cookie_and_is_not_cached(client, content):
    response = client.get(URL)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "Could the person be under 18?" in response.content.decode()
    assert_nothing_kept(response)


def test_signed_out_full_run_stores_nothing(client, content, hotlines):
    response = client.post(URL, prelim_post())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Full assessment" in body and "suggest a risk" in body
    assert 'type="hidden" name="q_pre-control" value="yes"' in body  # carried in the page, not on the server
    assert 'name="q_doc-held" value="" id="id_q_doc-held_3" checked' in body.replace("\n", " ").replace("  ", " ")
    assert "no-store" in response["Cache-Control"]
    assert_nothing_kept(response)

    response = client.post(URL, full_post())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Guidance" in body and "Manitoba Human Trafficking Hotline" in body and "1-844-333-2211" in body
    assert "Forced labour" in body  # the kind the answers point to
    assert "not signed in" in body and "Send the referral" not in body
    assert "no-store" in response["Cache-Control"]
    assert_nothing_kept(response)
    from tips.selectors import hotlines_all  # no tip was made either  # noqa: PLC0415 -- used by this test only

    assert hotlines_all().filter(deliveries__isnull=False).count() == 0


def test_signed_out_post_needs_no_csrf_cookie(content, hotlines):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, full_post())
    assert response.status_code == 200
    assert_nothing_kept(response)


def test_signed_in_post_without_csrf_token_is_refused(member_a, content, hotlines):
    strict = login(Client(enforce_csrf_checks=True), member_a)
    assert strict.post(URL, full_post()).status_code == 403
    assert Assessment.objects.count() == 0
    strict.get(URL)  # the page gives the signed-in provider a token
    token = strict.cookies["csrftoken"].value
    response = strict.post(URL, {**full_post(), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Assessment.objects.count() == 1


def test_no_risk_in_preliminary_says_so_and_still_offers_the_full_questions(client, content):
    response = client.post(URL, prelim_post(answers=PRELIM_NONE))
    body = response.content.decode()
    assert response.status_code == 200
    assert "do not point to trafficking" in body and "Recruitment and deception" in body


@pytest.mark.parametrize(
    "change",
    [
        {"q_pre-control": ""},
        {"q_pre-control": "maybe"},
        {"province": "XX"},
    ],
)
def test_bad_preliminary_answers_are_refused_clearly(client, content, change):
    response = client.post(URL, {**prelim_post(), **change})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode()
    assert_nothing_kept(response)


@pytest.mark.parametrize("change", [{"version": "99"}, {"version": "abc"}, {"step": "other"}, {"q_pre-age": "maybe"}])
def test_tampered_or_stale_forms_ask_to_start_again(client, content, member_a, change):
    login(client, member_a)
    response = client.post(URL, {**full_post(), **change})
    assert response.status_code == 400
    assert "Please start again" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_signed_in_provider_gets_a_saved_assessment(client, member_a, content, hotlines):
    login(client, member_a)
    response = client.post(URL, full_post())
    assessment = Assessment.objects.get()
    assert response.status_code == 302 and response["Location"] == assessment.get_absolute_url()
    assert (assessment.provider, assessment.province, assessment.kind) == (member_a, "MB", "labour")
    assert assessment.version.number == 1 and assessment.full_done
    assert assessment.answers.count() == len(PRELIM_RISK) + len(FULL_LABOUR)
    page = client.get(assessment.get_absolute_url())
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    body = page.content.decode()
    assert "Manitoba Human Trafficking Hotline" in body and "Send the referral" in body
    assert "Strong signs of trafficking" in body


def test_saved_assessment_is_readable_by_its_provider_only(client, member_a, member_b, coordinator, content, hotlines):
    login(client, member_a)
    client.post(URL, full_post())
    url = Assessment.objects.get().get_absolute_url()
    assert client.get(url).status_code == 200
    for other in (member_b, coordinator):
        assert login(Client(), other).get(url).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_my_assessments_lists_mine_only(client, member_a, member_b, content, hotlines):
    login(Client(), member_b).post(URL, full_post(province="AB"))
    login(client, member_a)
    client.post(URL, full_post(province="MB"))
    body = client.get("/en/assess/saved/").content.decode()
    main = body.split('<main id="main"', 1)[1]  # the header names the province's government on every page
    assert "Manitoba" in main and "Alberta" not in main
    assert Client().get("/en/assess/saved/").status_code == 302


def test_my_assessments_query_count_does_not_grow(client, member_a, content, hotlines, django_assert_num_queries):
    login(client, member_a)
    client.post(URL, full_post())
    client.get("/en/assess/saved/")
    with django_assert_num_queries(5):
        client.get("/en/assess/saved/")
    for _ in range(9):
        client.post(URL, full_post())
    with django_assert_num_queries(5):
        response = client.get("/en/assess/saved/")
    assert response.content.decode().count("/en/assess/saved/") >= 10


def test_minor_and_danger_change_the_guidance(client, content, hotlines):
    answers = {**PRELIM_RISK, "pre-danger": "yes", "pre-age": "unsure"}
    body = client.post(URL, full_post(prelim=answers, full={})).content.decode()
    assert "Immediate danger: call 911 first" in body
    assert body.index("call 911 first") < body.index("What the answers suggest")
    assert "The person may be under 18" in body and "child protection" in body
    plain = client.post(URL, full_post(full={})).content.decode()
    assert "The person may be under 18" not in plain and "Immediate danger: call 911 first" not in plain


def test_province_without_rules_falls_back_to_the_national_hotline(client, content, hotlines):
    body = client.post(URL, full_post(province="AB")).content.decode()
    assert "Canadian Human Trafficking Hotline" in body and "Manitoba Human Trafficking Hotline" not in body


def test_french_questions_and_guidance(client, content, hotlines):
    response = client.get("/fr/assess/")
    assert "La personne pourrait-elle avoir moins de 18 ans?" in response.content.decode()
    body = client.post("/fr/assess/", full_post()).content.decode()
    assert "Ligne d&#x27;urgence du Manitoba contre la traite des personnes" in body
    assert "Signes importants de traite" in body


def test_a_saved_assessment_keeps_its_version_when_a_new_one_is_published(client, member_a, content, hotlines):
    login(client, member_a)
    client.post(URL, full_post())
    saved = Assessment.objects.get()
    in_flight = full_post()  # a provider part-way through version 1
    draft = version_copy(version=saved.version)
    draft.questions.filter(key="pre-age").update(text={"en": "Is the person younger than eighteen?"})
    version_publish(version=draft)
    assert AssessmentVersion.objects.get(number=1).status == "retired"
    body = client.get(saved.get_absolute_url()).content.decode()
    assert "questions version 1" in body
    client.post(URL, in_flight)
    assert Assessment.objects.latest("id").version.number == 1
    assert "Is the person younger than eighteen?" in client.get(URL).content.decode()
    client.post(URL, full_post())
    assert Assessment.objects.latest("id").version.number == 2


def test_no_published_version_answers_503_with_the_hotline(client, db):
    response = client.get(URL)
    assert response.status_code == 503 and "1-833-900-1010" in response.content.decode()


def test_same_origin_post_with_null_origin_is_accepted_but_cross_site_is_refused(member_a, content, hotlines):
    strict = login(Client(enforce_csrf_checks=True), member_a)
    strict.get(URL)
    data = {**full_post(), "csrfmiddlewaretoken": strict.cookies["csrftoken"].value}
    cross = strict.post(URL, data, HTTP_ORIGIN="https://evil.example", HTTP_SEC_FETCH_SITE="cross-site")
    assert cross.status_code == 403
    forged_null = strict.post(URL, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="cross-site")
    assert forged_null.status_code == 403
    assert Assessment.objects.count() == 0
    same = strict.post(URL, data, HTTP_ORIGIN="null", HTTP_SEC_FETCH_SITE="same-origin")
    assert same.status_code == 302 and Assessment.objects.count() == 1


def test_saved_assessment_page_query_count_does_not_grow_with_answers(
    client, member_a, content, hotlines, django_assert_num_queries
):
    from firstcontact.models import Question  # noqa: PLC0415 -- used by this test only

    login(client, member_a)
    client.post(URL, full_post(full={"exp-sex": "yes"}))
    every = {q.key: "yes" for q in Question.objects.filter(version__number=1).exclude(area="preliminary")}
    client.post(URL, full_post(full=every))
    few, many = Assessment.objects.order_by("id")
    assert many.answers.count() > 3 * few.answers.count()
    client.get(few.get_absolute_url())
    with django_assert_num_queries(10):
        client.get(few.get_absolute_url())
    with django_assert_num_queries(10):
        client.get(many.get_absolute_url())
