import pytest
pytestmark = pytest.mark.django_db
def test_schema(client):
    r = client.get("/api/schema/")
    assert r.status_code == 200
    assert b"/api/hotlines/" in r.content
