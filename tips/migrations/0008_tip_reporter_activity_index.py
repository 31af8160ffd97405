"""The staff menu's unread count reads only the tips a reporter wrote on: a partial index, built without blocking
the tip form (CREATE INDEX CONCURRENTLY on PostgreSQL, a plain index elsewhere)."""

from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("tips", "0007_delivery_statistics_index")]

    operations = [
        AddIndexConcurrently(
            model_name="tip",
            index=models.Index(
                condition=models.Q(reporter_activity_at__isnull=False),
                fields=["reporter_activity_at"],
                name="tips_tip_reporter_activity",
            ),
        ),
    ]
