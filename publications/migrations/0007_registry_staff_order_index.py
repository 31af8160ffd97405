"""The staff workflow list's order (last changed first), built without blocking writes: CREATE INDEX
CONCURRENTLY on PostgreSQL (outside a transaction), a plain index elsewhere."""

from django.db import migrations, models

from taskforce.migration_operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("publications", "0006_registry_snapshots")]

    operations = [
        AddIndexConcurrently(
            model_name="registryentry",
            index=models.Index(fields=["-updated_at", "-id"], name="registry_staff_order"),
        ),
    ]
