"""The tips access log is append-only, in the model and the database; a purge only detaches it from the tip."""

from django.db import migrations

from taskforce.audit import append_only_trigger


class Migration(migrations.Migration):

    dependencies = [
        ('tips', '0002_delivery_is_routing_history'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='accesslogentry',
            options={'default_permissions': ('view',), 'ordering': ['at', 'id'], 'verbose_name': 'tip access log entry', 'verbose_name_plural': 'tip access log'},
        ),
        append_only_trigger("tips", "accesslogentry"),
    ]
