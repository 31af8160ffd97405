"""The index the manager's report pages by (training.selectors.LEARNER_KEY): members in name order, from a page's
first learner on, read as an index walk whatever the size of the organization. It is on the user table (whose model
is the taskforce app's) and is the training report's own need, so it lives here, written as SQL: CONCURRENTLY on
PostgreSQL (the table keeps taking sign-ins and edits while it is built), a plain index on SQLite."""

from django.db import migrations

INDEX = "training_report_learner_key"


def create(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(
        f"CREATE INDEX {concurrently}IF NOT EXISTS {INDEX} ON taskforce_user (full_name, email, id)"
    )


def drop(apps, schema_editor):
    concurrently = "CONCURRENTLY " if schema_editor.connection.vendor == "postgresql" else ""
    schema_editor.execute(f"DROP INDEX {concurrently}IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # PostgreSQL builds an index concurrently outside a transaction only

    dependencies = [
        ("taskforce", "0001_initial"),
        ("training", "0003_courseversion_step_count"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
