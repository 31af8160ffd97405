"""Indexes for urgent-first inbox order and the escalation run, built without blocking the tip form: CREATE INDEX
CONCURRENTLY on PostgreSQL (outside a transaction), a plain index elsewhere."""

from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("tips", "0005_hotline_casework")]

    operations = [
        AddIndexConcurrently(
            model_name="delivery",
            index=models.Index(fields=['state', 'opened_at', 'delivered_at'], name='tips_delivery_waiting'),
        ),
        AddIndexConcurrently(
            model_name="tip",
            index=models.Index(fields=['-urgent_waiting', '-created_at', '-id'], name='tips_tip_inbox_urgent_order'),
        ),
    ]
