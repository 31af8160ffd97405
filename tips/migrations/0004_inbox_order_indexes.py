"""Indexes for the inbox's order (newest first, all statuses or one), built without blocking the tip form:
CREATE INDEX CONCURRENTLY on PostgreSQL (outside a transaction), a plain index elsewhere."""

from django.conf import settings
from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("tips", "0003_access_log_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="tip",
            index=models.Index(fields=["-created_at", "-id"], name="tips_tip_inbox_order"),
        ),
        AddIndexConcurrently(
            model_name="tip",
            index=models.Index(fields=["status", "-created_at", "-id"], name="tips_tip_inbox_status_order"),
        ),
    ]
