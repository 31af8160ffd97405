"""The database itself refuses to change history entries (and, on PostgreSQL, to delete them).

SQLite gets the UPDATE guard only: Django empties SQLite tables between transactional tests with DELETE, which a
DELETE trigger would block; PostgreSQL empties them with TRUNCATE, which row triggers do not see.
"""

from django.db import migrations

PG_CREATE = """
CREATE OR REPLACE FUNCTION actionplan_history_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'actionplan history entries are append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER actionplan_statusupdate_append_only
    BEFORE UPDATE OR DELETE ON actionplan_statusupdate
    FOR EACH ROW EXECUTE FUNCTION actionplan_history_append_only();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS actionplan_statusupdate_append_only ON actionplan_statusupdate;
DROP FUNCTION IF EXISTS actionplan_history_append_only();
"""
SQLITE_CREATE = """
CREATE TRIGGER actionplan_statusupdate_no_update BEFORE UPDATE ON actionplan_statusupdate
BEGIN SELECT RAISE(ABORT, 'actionplan history entries are append-only'); END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS actionplan_statusupdate_no_update;"


def _run(schema_editor, statements: dict[str, str]) -> None:
    sql = statements.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def create(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_CREATE, "sqlite": SQLITE_CREATE})


def drop(apps, schema_editor):
    _run(schema_editor, {"postgresql": PG_DROP, "sqlite": SQLITE_DROP})


class Migration(migrations.Migration):
    dependencies = [("actionplan", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
