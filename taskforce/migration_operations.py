"""Migration operations shared by every app.

`AddIndexConcurrently` builds an index on PostgreSQL with CREATE INDEX CONCURRENTLY, so the big tables (tips,
registry entries, enrolments, assignments, notifications, status updates) keep taking writes while it is built
(a plain CREATE INDEX blocked writes for 4.4 s at 1M rows). Django's own operation refuses any other database;
this one builds a plain index there (SQLite in development and most tests), so one migration serves both.
Its migration says `atomic = False` (PostgreSQL cannot build an index concurrently inside a transaction).
`taskforce/tests/test_migration_policy.py` fails when an index on a big table is added any other way.
"""

from django.contrib.postgres import operations as postgres
from django.db import migrations


def _on_postgresql(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class _PlainElsewhere:
    """The concurrent operation on PostgreSQL; elsewhere Django's plain one (`plain`), on the same index."""

    plain: type  # migrations.AddIndex or migrations.RemoveIndex

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            return super().database_forwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _on_postgresql(schema_editor):
            return super().database_backwards(app_label, schema_editor, from_state, to_state)
        return self.plain.database_backwards(self, app_label, schema_editor, from_state, to_state)


class AddIndexConcurrently(_PlainElsewhere, postgres.AddIndexConcurrently):
    """CREATE INDEX CONCURRENTLY on PostgreSQL, a plain AddIndex elsewhere."""

    plain = migrations.AddIndex


class RemoveIndexConcurrently(_PlainElsewhere, postgres.RemoveIndexConcurrently):
    """DROP INDEX CONCURRENTLY on PostgreSQL, a plain RemoveIndex elsewhere."""

    plain = migrations.RemoveIndex
