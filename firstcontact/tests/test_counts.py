import pytest
from django.test import Client

from taskforce.testing.auth import login

from .helpers import PRELIM_NONE, full_post

pytestmark = pytest.mark.django_db
URL = "/en/assess/staff/counts/"


def test_coordinator_sees_counts_without_personal_details(client, coordinator, member_a, member_b, content, hotlines):
    login(Client(), member_a).post("/en/assess/", full_post(province="MB"))
    login(Client(), member_a).post("/en/assess/", full_post(province="MB"))
    login(Client(), member_b).post("/en/assess/", full_post(province="AB", prelim=PRELIM_NONE, full={"exp-sex": "yes"}))
    response = login(client, coordinator).get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    rows = {row.split("</th>")[0].split(">")[-1]: row for row in body.split('<tr><th scope="row">')[1:]}
    assert ">2</td>" in rows["Manitoba"] and ">1</td>" in rows["Alberta"]  # each cell under its kind (data-label)
    for person in (member_a, member_b):
        assert person.email not in body and person.full_name not in body


@pytest.mark.parametrize("persona", ["member_a", "outsider"])
def test_others_may_not_see_counts(client, request, persona, db):
    assert login(client, request.getfixturevalue(persona)).get(URL).status_code == 403


def test_anonymous_is_sent_to_sign_in(client, db):
    assert client.get(URL).status_code == 302


def test_counts_query_count_is_fixed(client, coordinator, member_a, content, hotlines, django_assert_num_queries):
    provider = login(Client(), member_a)
    provider.post("/en/assess/", full_post())
    login(client, coordinator)
    with django_assert_num_queries(4):
        client.get(URL)
    for province in ["AB", "BC", "ON", "QC", "NS", "MB", "SK", "YT", "NU"]:
        provider.post("/en/assess/", full_post(province=province))
    with django_assert_num_queries(4):
        client.get(URL)
