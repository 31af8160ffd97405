"""Migrations run while the previous release still serves (issue 22, rolling updates): STYLE.md "Migrations".

Every migration newer than migrations_baseline.txt goes through django-migration-linter, which reads its SQL and
refuses what the old code cannot run beside: a dropped or renamed column or table, a NOT NULL column without a
default, an altered column type... (expand, backfill, then contract in a later release)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader
from django_migration_linter import MigrationLinter

pytestmark = pytest.mark.django_db

BASELINE = Path(__file__).with_name("migrations_baseline.txt")


def _project_migrations(loader: MigrationLoader) -> dict[tuple[str, str], migrations.Migration]:
    base = Path(settings.BASE_DIR).resolve()
    found = {}
    for key, migration in loader.disk_migrations.items():
        folder = Path(loader.migrations_module(key[0])[0].replace(".", "/"))
        if (base / folder).resolve().is_dir() and (base / folder).resolve().is_relative_to(base):
            found[key] = migration
    return found


def _linter() -> MigrationLinter:
    return MigrationLinter(settings.BASE_DIR, no_cache=True, no_output=True)


def test_every_new_migration_is_safe_beside_the_previous_release():
    baseline = {line for line in BASELINE.read_text().splitlines() if line and not line.startswith("#")}
    linter = _linter()
    ours = _project_migrations(linter.migration_loader)
    assert baseline <= {f"{app}.{name}" for app, name in ours}, "the baseline names migrations that are gone"
    new = [m for (app, name), m in sorted(ours.items()) if f"{app}.{name}" not in baseline]
    for migration in new:
        linter.lint_migration(migration)
    assert not linter.has_errors, (
        f"{linter.nb_erroneous} new migration(s) would break the release still serving during a rolling update "
        "(run `manage.py sqlmigrate` and read STYLE.md, Migrations: expand, backfill, contract later)"
    )


class _Unsaved(MigrationLinter):
    """The same linter on a migration written in the test (its SQL from Django's schema editor, as sqlmigrate
    does), so the refusals are shown without adding a bad migration to an app."""

    def __init__(self, migration):
        super().__init__(settings.BASE_DIR, no_cache=True, no_output=True)
        self.unsaved = migration

    @staticmethod
    def get_migration_hash(app_label, migration_name):
        return "unsaved"

    def get_sql(self, app_label, migration_name):
        state = self.migration_loader.project_state()
        with connection.schema_editor(collect_sql=True, atomic=False) as editor:
            self.unsaved.apply(state, editor, collect_sql=True)
        return "\n".join(editor.collected_sql).splitlines()


def _lint(*operations) -> bool:
    """True when the linter refuses a migration of the registry made of `operations`."""
    leaf = max(name for app, name in MigrationLoader(None).disk_migrations if app == "publications")
    migration = type("Migration", (migrations.Migration,), {"dependencies": [("publications", leaf)],
                                                            "operations": list(operations)})("9999_test", "publications")  # fmt: skip
    linter = _Unsaved(migration)
    linter.lint_migration(migration)
    return linter.has_errors


def test_the_linter_refuses_what_the_old_release_cannot_run_beside():
    assert _lint(migrations.RemoveField("registryentry", "city"))  # the old code still selects it
    assert _lint(migrations.RenameField("registryentry", "city", "town"))
    assert _lint(migrations.AddField("registryentry", "region", models.CharField(max_length=20)))  # NOT NULL


def test_the_linter_allows_the_expand_step():
    assert not _lint(migrations.AddField("registryentry", "region", models.CharField(max_length=20, null=True)))
    assert not _lint(
        migrations.AddField("registryentry", "flagged", models.BooleanField(null=True)),
        migrations.AddIndex("registryentry", models.Index(fields=["city"], name="registry_city_test_idx")),
    )
