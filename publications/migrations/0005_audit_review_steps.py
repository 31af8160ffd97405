"""The registry's change log, editor trail and new review steps are append-only, in the model and the database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from taskforce.audit import append_only_trigger


class Migration(migrations.Migration):

    dependencies = [
        ('publications', '0004_registry_corrections_and_editor_trail'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='registrychange',
            options={'default_permissions': ('view',), 'ordering': ['changed_at', 'id'], 'verbose_name': 'change log line', 'verbose_name_plural': 'change log'},
        ),
        migrations.AlterModelOptions(
            name='registryedit',
            options={'default_permissions': ('view',), 'ordering': ['at', 'id'], 'verbose_name': 'editor trail line', 'verbose_name_plural': 'editor trail'},
        ),
        migrations.CreateModel(
            name='RegistryStep',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('submitted', 'Submitted for legal review'), ('returned', 'Returned to draft'), ('approved', 'Approved')], max_length=20, verbose_name='action')),
                ('version', models.PositiveIntegerField(verbose_name='version')),
                ('old_status', models.CharField(choices=[('draft', 'Draft'), ('legal_review', 'In legal review'), ('approved', 'Approved'), ('published', 'Published'), ('corrected', 'Published (corrected)'), ('under_appeal', 'Published (under appeal)'), ('delisted', 'Delisted')], max_length=20, verbose_name='old status')),
                ('new_status', models.CharField(choices=[('draft', 'Draft'), ('legal_review', 'In legal review'), ('approved', 'Approved'), ('published', 'Published'), ('corrected', 'Published (corrected)'), ('under_appeal', 'Published (under appeal)'), ('delisted', 'Delisted')], max_length=20, verbose_name='new status')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='date')),
                ('actor', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('entry', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='steps', to='publications.registryentry')),
            ],
            options={
                'verbose_name': 'review step',
                'verbose_name_plural': 'review steps',
                'ordering': ['at', 'id'],
                'abstract': False,
                'default_permissions': ('view',),
            },
        ),
        append_only_trigger("publications", "registrychange"),
        append_only_trigger("publications", "registryedit"),
        append_only_trigger("publications", "registrystep"),
    ]
