"""The seed loads the real 9-point plan with the statuses the source document gives."""

import pytest

from actionplan import demo
from actionplan.models import ActionItem, Status, StatusUpdate
from taskforce import demo as taskforce_demo

pytestmark = pytest.mark.django_db

# The Government of Alberta's page: items 1, 2 and 9 complete, the others work underway.
DOCUMENT_STATUS = {
    1: "complete",
    2: "complete",
    3: "underway",
    4: "underway",
    5: "underway",
    6: "underway",
    7: "underway",
    8: "underway",
    9: "complete",
}


@pytest.fixture
def seeded(db):
    taskforce_demo.seed(password="demo-password-123")
    demo.seed(password="demo-password-123")


def test_nine_items_with_the_document_statuses(seeded):
    from actionplan.selectors import plan_current  # noqa: PLC0415 -- used by this test only

    assert plan_current().title.data["en"] == "Alberta's 9-point Action Plan to Combat Human Trafficking"
    assert plan_current().is_current
    top = ActionItem.objects.filter(parent=None).order_by("number")
    assert [i.number for i in top] == list(range(1, 10))
    for item in top:
        expected = Status.COMPLETE if DOCUMENT_STATUS[item.number] == "complete" else Status.ON_TRACK
        assert item.status == expected, item.number


def test_seed_is_idempotent(seeded):
    counts = (ActionItem.objects.count(), StatusUpdate.objects.count())
    demo.seed(password="demo-password-123")
    assert (ActionItem.objects.count(), StatusUpdate.objects.count()) == counts
    assert all(entry.is_demo for entry in StatusUpdate.objects.all())


def test_demo_organizations_fit_the_demo_journeys(seeded):
    from actionplan.access import item_can_update  # noqa: PLC0415 -- used by this test only
    from taskforce.models import User  # noqa: PLC0415 -- used by this test only

    member, labour, outsider = (
        User.objects.get(email=f"{who}@demo.example") for who in ("member", "labour", "outsider")
    )
    items = list(ActionItem.objects.select_related("lead_organization").prefetch_related("partners"))
    assert all(item_can_update(member, item) for item in items if item.lead_organization.slug == "alberta-justice")
    assert item_can_update(labour, ActionItem.objects.get(number=5, parent=None))
    assert not any(item_can_update(outsider, item) for item in items)
