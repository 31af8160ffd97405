"""The move of the hotlines' texts from a column per language into one translated field carries every English and
French text over, and back when reversed."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("tips", "0009_tip_language_hotline_languages")]
AFTER = [("tips", "0013_i18n_order_by_slug")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_texts_survive_the_migration_both_ways():
    from taskforce.models import Organization  # noqa: PLC0415 -- the organization as it is now (only tips moves)

    organization = Organization.objects.create(slug="mig-org", name={"en": "Org"}, kind="hotline")
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("tips")
    try:
        _both_ways(organization)
    finally:
        _migrate(latest)  # the next tests need today's tables, not those of AFTER


def _both_ways(organization):
    old = _migrate(BEFORE)
    old.get_model("tips", "Hotline").objects.create(
        slug="mig-line", organization_id=organization.id, name="Line", name_fr="Ligne", hours="Weekdays", hours_fr="",
        description="", description_fr="Seulement en français", phone="1",
    )  # fmt: skip
    new = _migrate(AFTER)
    hotline = new.get_model("tips", "Hotline").objects.get(slug="mig-line")
    assert hotline.name.data == {"en": "Line", "fr": "Ligne"}
    assert hotline.hours.data == {"en": "Weekdays"}
    assert hotline.description.data == {"fr": "Seulement en français"}
    back = _migrate(BEFORE)
    hotline = back.get_model("tips", "Hotline").objects.get(slug="mig-line")
    assert (hotline.name, hotline.name_fr, hotline.hours, hotline.description_fr) == (
        "Line", "Ligne", "Weekdays", "Seulement en français"
    )  # fmt: skip
