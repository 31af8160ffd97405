"""Indexes on the big tables are built without blocking writes: on PostgreSQL an index added to a table that holds
hundreds of thousands of rows goes through CREATE INDEX CONCURRENTLY (taskforce.migration_operations, in a
migration with `atomic = False`); a plain CREATE INDEX blocked writes for 4.4 s at 1M rows (issue 16)."""

import pytest
from django.apps import apps
from django.contrib.postgres.operations import AddIndexConcurrently as PostgresAddIndexConcurrently
from django.core.management import call_command
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from taskforce.migration_operations import AddIndexConcurrently

BIG_TABLES = {
    "tips_tip",
    "tips_delivery",
    "publications_registryentry",
    "training_enrolment",
    "training_assignment",
    "taskforce_notification",
    "actionplan_statusupdate",
}
# Written before the rule; they ran long ago on every installation.
BEFORE_THE_RULE = {
    ("publications", "0002_postgresql_search_indexes"),
    ("publications", "0003_registry_public_order_index"),
}
PROJECT_APPS = {"taskforce", "tips", "publications", "training", "actionplan", "firstcontact"}


def _table(app_label: str, model_name: str) -> str | None:
    try:
        return apps.get_model(app_label, model_name)._meta.db_table
    except LookupError:
        return None


def blocking_index_operations(migration) -> list[str]:
    """What in `migration` would build an index on a big table while blocking its writes on PostgreSQL."""
    created = {op.name_lower for op in migration.operations if isinstance(op, migrations.CreateModel)}
    found = []
    for op in migration.operations:
        if isinstance(op, migrations.AddIndex) and op.model_name_lower not in created:
            table = _table(migration.app_label, op.model_name)
            if table in BIG_TABLES and not isinstance(op, PostgresAddIndexConcurrently):
                found.append(f"{op.index.name} on {table}: use taskforce.migration_operations.AddIndexConcurrently")
            elif table in BIG_TABLES and migration.atomic:
                found.append(f"{op.index.name} on {table}: the migration needs `atomic = False`")
        if isinstance(op, migrations.RunSQL):
            sql = " ".join(op.sql if isinstance(op.sql, list | tuple) else [op.sql]).lower()
            if "create index" in sql and "concurrently" not in sql and any(t in sql for t in BIG_TABLES):
                found.append("CREATE INDEX without CONCURRENTLY in RunSQL")
    return found


def test_indexes_on_big_tables_are_built_concurrently():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    problems = [
        f"{app_label}.{name}: {problem}"
        for (app_label, name), migration in sorted(loader.disk_migrations.items())
        if app_label in PROJECT_APPS and (app_label, name) not in BEFORE_THE_RULE
        for problem in blocking_index_operations(migration)
    ]
    assert problems == []


def _migration(*operations, atomic=True):
    migration = migrations.Migration("9999_new", "tips")
    migration.operations, migration.atomic = list(operations), atomic
    return migration


def test_the_rule_catches_a_plain_index_on_a_big_table_and_accepts_the_concurrent_one():
    index = models.Index(fields=["province"], name="tips_tip_province")
    assert blocking_index_operations(_migration(migrations.AddIndex("tip", index))) == [
        "tips_tip_province on tips_tip: use taskforce.migration_operations.AddIndexConcurrently"
    ]
    assert blocking_index_operations(_migration(AddIndexConcurrently("tip", index))) == [
        "tips_tip_province on tips_tip: the migration needs `atomic = False`"
    ]
    assert blocking_index_operations(_migration(AddIndexConcurrently("tip", index), atomic=False)) == []
    small = models.Index(fields=["slug"], name="tips_hotline_slug")
    assert blocking_index_operations(_migration(migrations.AddIndex("hotline", small))) == []


@pytest.mark.django_db(transaction=True)  # SQLite opens no schema editor inside the test transaction
def test_the_inbox_indexes_are_built_concurrently_on_postgresql_and_plainly_elsewhere():
    sql = call_command("sqlmigrate", "tips", "0004")
    assert sql.count("CREATE INDEX") == 2
    assert ("CONCURRENTLY" in sql) == (connection.vendor == "postgresql")
