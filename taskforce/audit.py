"""Audit is data: the one append-only base for every audit table (history, change logs, access logs, events).

A row is written once, in the same transaction as the change it records, by the service that makes the change.
It is never edited or deleted: the model refuses (`save()` of an existing row, `delete()`, bulk `update()` and
`delete()`), and so does the database, through a trigger each audit table gets in its migration with
`append_only_trigger(app_label, model_name)`.

The one change allowed is the database detaching a row from something deleted elsewhere: a foreign key declared
`on_delete=SET_NULL` (a tip purged after its retention period, a person removed) may become NULL, nothing else.

SQLite gets the UPDATE guard only: Django empties SQLite tables between transactional tests with DELETE, which a
DELETE trigger would block; PostgreSQL empties them with TRUNCATE, which row triggers do not see. SQLite also drops
a table's triggers when a migration rebuilds the table: a migration altering an audit table runs the helper again.
"""

from __future__ import annotations

import datetime as dt

from django.db import migrations, models
from i18nfield.strings import LazyI18nString

from .language import text_data


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit row."""


def _detachable(model) -> set[str]:
    """Foreign keys the database may set to NULL when their target is deleted (attribute and column names)."""
    names = set()
    for field in model._meta.concrete_fields:
        if field.is_relation and field.remote_field.on_delete is models.SET_NULL:
            names.update((field.name, field.attname))
    return names


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if kwargs and all(value is None for value in kwargs.values()) and set(kwargs) <= _detachable(self.model):
            return super().update(**kwargs)  # the deletion collector detaching rows from a deleted object
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be changed.")

    def delete(self):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")

    def _raw_delete(self, using):
        raise AppendOnlyError(f"{self.model._meta.verbose_name_plural} cannot be deleted.")


class AppendOnly(models.Model):
    """Abstract base of an audit table: rows are created, then only read."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True
        default_permissions = ("view",)

    def save(self, *args, **kwargs):
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name_plural} cannot be deleted.")


# ----- old and new values, as audit rows keep them --------------------------------------------------------------


def stored(value):
    """A value as an audit row's JSON keeps it: a related object as its id, a date in ISO form."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, LazyI18nString):
        return text_data(value)
    return value


def changed_values(old: dict, new: dict) -> tuple[dict, dict]:
    """The old and the new values of the fields that changed (both empty when nothing did)."""
    changed = [name for name in new if old.get(name) != new[name]]
    return {name: old.get(name) for name in changed}, {name: new[name] for name in changed}


# ----- the database guard, installed by a migration --------------------------------------------------------------

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION taskforce_append_only() RETURNS trigger AS $$
DECLARE
    detachable text[] := coalesce(TG_ARGV::text[], '{}');
    column_name text;
BEGIN
    IF TG_OP = 'UPDATE' AND cardinality(detachable) > 0
       AND (to_jsonb(NEW) - detachable) = (to_jsonb(OLD) - detachable) THEN
        FOREACH column_name IN ARRAY detachable LOOP
            IF to_jsonb(NEW) -> column_name <> 'null'::jsonb
               AND to_jsonb(NEW) -> column_name IS DISTINCT FROM to_jsonb(OLD) -> column_name THEN
                RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
            END IF;
        END LOOP;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def _trigger_name(table: str) -> str:
    return f"{table}_append_only"[:63]


def _pg_create(table: str, detachable: list[str]) -> str:
    arguments = ", ".join(f"'{column}'" for column in detachable)
    return (
        PG_FUNCTION
        + f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table};\n"
        + f"CREATE TRIGGER {_trigger_name(table)} BEFORE UPDATE OR DELETE ON {table} "
        + f"FOR EACH ROW EXECUTE FUNCTION taskforce_append_only({arguments});"
    )


def _sqlite_create(table: str, columns: list[str], detachable: list[str]) -> list[str]:
    when = ""
    if detachable:
        kept = [f'NEW."{c}" IS OLD."{c}"' for c in columns if c not in detachable]
        nulled = [f'(NEW."{c}" IS NULL OR NEW."{c}" IS OLD."{c}")' for c in detachable]
        when = "WHEN NOT (" + " AND ".join(kept + nulled) + ") "
    return [
        f"DROP TRIGGER IF EXISTS {_trigger_name(table)};",
        f"CREATE TRIGGER {_trigger_name(table)} BEFORE UPDATE ON {table} {when}"
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END;",
    ]


def append_only_trigger(app_label: str, model_name: str) -> migrations.RunPython:
    """A migration operation making the database refuse UPDATE (and, on PostgreSQL, DELETE) of the model's rows."""

    def create(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        table = model._meta.db_table
        columns = [field.column for field in model._meta.concrete_fields]
        detachable = sorted(c for c in columns if c in _detachable(model))
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(_pg_create(table, detachable), params=None)
        elif vendor == "sqlite":
            for statement in _sqlite_create(table, columns, detachable):
                schema_editor.execute(statement, params=None)

    def drop(apps, schema_editor):
        table = apps.get_model(app_label, model_name)._meta.db_table
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table)} ON {table};", params=None)
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {_trigger_name(table)};", params=None)

    return migrations.RunPython(create, drop)
