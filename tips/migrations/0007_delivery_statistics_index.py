"""An index for a hotline's statistics over a period (tips/stats.py), built without blocking the tip form: CREATE
INDEX CONCURRENTLY on PostgreSQL (outside a transaction), a plain index elsewhere."""

from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("tips", "0006_hotline_casework_indexes")]

    operations = [
        AddIndexConcurrently(
            model_name="delivery",
            index=models.Index(fields=["hotline", "delivered_at"], name="tips_delivery_hotline_period"),
        ),
    ]
