"""Every list of the API refuses a query parameter it does not know (issue 16): a journalist who misspells a filter
gets a 400 naming it and the accepted ones, never the whole list passed off as filtered. The lists and their
parameters are read from the API's own schema, so a list added later is checked too, and what the documentation
offers is exactly what the list accepts."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from actionplan.tests.factories import ActionItemFactory
from taskforce import roles

pytestmark = pytest.mark.django_db


def _list_operations() -> list[tuple[str, list[dict]]]:
    """(path, query parameters) of each GET of the schema that answers a list (paged, or an array)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get is None:
            continue
        answer = get["responses"]["200"]["content"]["application/json"]["schema"]
        if answer.get("type") == "array" or answer.get("$ref", "").startswith("#/components/schemas/Paginated"):
            found.append((path, [p for p in get.get("parameters", []) if p["in"] == "query"]))
    return found


LISTS = _list_operations()


def test_the_schema_names_every_list_of_the_api():
    assert sorted(path for path, _ in LISTS) == [
        "/api/action-items/",
        "/api/action-items/{slug}/updates/",
        "/api/assessments/",
        "/api/hotlines/",
        "/api/publications/",
        "/api/registry/",
        "/api/rights-pages/",
        "/api/training/my-progress/",
        "/api/training/reports/",
    ]


def _value(parameter: dict, org_id: int) -> str:
    if parameter["name"] == "organization" and parameter["schema"].get("type") == "integer":
        return str(org_id)
    if parameter["schema"].get("enum"):
        return parameter["schema"]["enum"][0]
    return "1" if parameter["schema"].get("type") == "integer" else "x"


@pytest.fixture
def signed_in(client, make_user, org_a):
    """A coordinator who manages training in org_a: every list answers them."""
    return make_user(roles.COORDINATOR, roles.TRAINING_MANAGER, orgs=[org_a])


@pytest.mark.parametrize(("path", "parameters"), LISTS, ids=[path for path, _ in LISTS])
def test_a_list_takes_its_documented_parameters_and_refuses_a_made_up_one(
    path, parameters, client, login_as, signed_in, org_a
):
    login_as(signed_in)
    url = path.replace("{slug}", ActionItemFactory().slug)
    documented = {p["name"]: _value(p, org_a.id) for p in parameters}

    allowed = client.get(url, {**documented, "format": "json"})
    assert allowed.status_code < 500
    assert allowed.status_code != 400 or "unknown" not in allowed.json(), allowed.json()

    required = {p["name"]: documented[p["name"]] for p in parameters if p.get("required")}
    refused = client.get(url, {**required, "provnice": "ON"})
    assert refused.status_code == 400
    body = refused.json()
    assert body["unknown"] == ["provnice"]
    assert set(body["accepted"]) == {*documented, "format"}  # the documentation and the rule agree
    assert "provnice" in body["detail"] and all(name in body["detail"] for name in documented)


def test_a_misspelt_hotline_filter_is_refused_instead_of_giving_every_hotline(client):
    misspelt = client.get("/api/hotlines/", {"provice": "ON", "page_size": "5"})
    assert misspelt.status_code == 400
    assert misspelt.json()["detail"] == (
        "Unknown query parameter: provice. This list accepts: format, need, page, page_size, province."
    )
    assert client.get("/api/hotlines/", {"province": "ON", "page": "1", "page_size": "5"}).status_code == 200


def test_an_unknown_hotline_filter_value_is_refused_naming_the_accepted_ones(client):
    refused = client.get("/api/hotlines/", {"province": "XX"})
    assert refused.status_code == 400
    assert "XX" in refused.json()["province"][0] and "ON" in refused.json()["province"][0]
    assert client.get("/api/hotlines/", {"need": "nope"}).status_code == 400


def test_a_signed_out_caller_is_still_refused_by_permission_first(client):
    """The parameters rule never lets a forbidden list answer: signed out, the private lists stay 403."""
    for url in ("/api/assessments/", "/api/training/my-progress/", "/api/training/reports/"):
        assert client.get(url, {"provnice": "ON"}).status_code == 403
        assert client.get(url).status_code == 403


def test_the_training_report_refuses_another_organization_before_reading_its_parameters(
    client, login_as, make_user, org_a, org_b
):
    """Another organization's report is not found (404), whatever the parameters; the manager's own is read."""
    manager = make_user(roles.TRAINING_MANAGER, orgs=[org_a])
    login_as(manager)
    assert client.get("/api/training/reports/", {"organization": org_b.id, "provnice": "ON"}).status_code == 404
    assert client.get("/api/training/reports/", {"organization": org_a.id, "provnice": "ON"}).status_code == 400
    assert client.get("/api/training/reports/", {"organization": org_a.id}).status_code == 200
