"""Notifications get a priority (the queue they are sent from) and an optional once-only key.

The notification table is large and written by every request that mails someone: on PostgreSQL the unique index
is built CONCURRENTLY (no lock that blocks writes while it is built), so this migration is not atomic. The two
columns are nullable or have a constant default, which PostgreSQL adds without rewriting the table.
"""

from django.db import migrations, models

CONSTRAINT = models.UniqueConstraint(
    condition=models.Q(("dedupe_key__isnull", False)),
    fields=("dedupe_key", "recipient"),
    name="notification_once_per_key",
)


def _create_index(apps, schema_editor):
    notification = apps.get_model("taskforce", "Notification")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS notification_once_per_key "
            "ON taskforce_notification (dedupe_key, recipient) WHERE dedupe_key IS NOT NULL"
        )
    else:
        schema_editor.add_constraint(notification, CONSTRAINT)


def _drop_index(apps, schema_editor):
    notification = apps.get_model("taskforce", "Notification")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX CONCURRENTLY IF EXISTS notification_once_per_key")
    else:
        schema_editor.remove_constraint(notification, CONSTRAINT)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("taskforce", "0004_api_tokens_hashed"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="dedupe_key",
            field=models.CharField(blank=True, max_length=120, null=True, verbose_name="once per"),
        ),
        migrations.AddField(
            model_name="notification",
            name="priority",
            field=models.CharField(
                choices=[("urgent", "Urgent"), ("default", "Normal"), ("bulk", "Bulk")],
                default="default",
                max_length=10,
                verbose_name="priority",
            ),
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.AddConstraint(model_name="notification", constraint=CONSTRAINT)],
            database_operations=[migrations.RunPython(_create_index, _drop_index)],
        ),
    ]
