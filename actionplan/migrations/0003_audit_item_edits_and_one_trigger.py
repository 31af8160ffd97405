"""Item edits are audited; the history's own trigger gives way to the one every audit table uses (taskforce.audit)."""

import importlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from taskforce.audit import append_only_trigger

LEGACY = importlib.import_module("actionplan.migrations.0002_history_append_only_triggers")


class Migration(migrations.Migration):

    dependencies = [
        ('actionplan', '0002_history_append_only_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ItemEdit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('at', models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name='when')),
                ('old_values', models.JSONField(default=dict, verbose_name='old values')),
                ('new_values', models.JSONField(default=dict, verbose_name='new values')),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='changed by')),
                ('item', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='edits', to='actionplan.actionitem', verbose_name='item')),
            ],
            options={
                'verbose_name': 'item edit',
                'verbose_name_plural': 'item edits',
                'ordering': ['at', 'id'],
                'abstract': False,
                'default_permissions': ('view',),
            },
        ),
        migrations.RunPython(LEGACY.drop, LEGACY.create),
        append_only_trigger("actionplan", "statusupdate"),
        append_only_trigger("actionplan", "itemedit"),
    ]
