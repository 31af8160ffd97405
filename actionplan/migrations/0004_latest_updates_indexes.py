"""Indexes for an item's latest updates and evidence (item page, API, history pages), built without blocking
writes: CREATE INDEX CONCURRENTLY on PostgreSQL (outside a transaction), a plain index elsewhere."""

from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("actionplan", "0003_audit_item_edits_and_one_trigger")]

    operations = [
        AddIndexConcurrently(
            model_name="statusupdate",
            index=models.Index(fields=["item", "-created_at", "-id"], name="update_item_latest"),
        ),
        AddIndexConcurrently(
            model_name="evidence",
            index=models.Index(fields=["item", "-added_at", "-id"], name="evidence_item_latest"),
        ),
    ]
