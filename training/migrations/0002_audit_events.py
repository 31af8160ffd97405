"""Certificate events and the new assignment events are append-only, in the model and the database."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from taskforce.audit import append_only_trigger


class Migration(migrations.Migration):

    dependencies = [
        ('taskforce', '0004_api_tokens_hashed'),
        ('training', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='certificateevent',
            options={'default_permissions': ('view',), 'ordering': ['at', 'id'], 'verbose_name': 'certificate event', 'verbose_name_plural': 'certificate events'},
        ),
        migrations.AlterField(
            model_name='certificateevent',
            name='action',
            field=models.CharField(choices=[('issued', 'Issued'), ('revoked', 'Revoked'), ('expired', 'Expired'), ('verified', 'Verified by staff'), ('created', 'Created'), ('changed', 'Changed'), ('removed', 'Removed')], max_length=20, verbose_name='action'),
        ),
        migrations.AlterField(
            model_name='certificateevent',
            name='certificate',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='events', to='training.certificate'),
        ),
        migrations.CreateModel(
            name='AssignmentEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('assignment_ref', models.PositiveBigIntegerField(db_index=True, verbose_name='assignment')),
                ('action', models.CharField(choices=[('issued', 'Issued'), ('revoked', 'Revoked'), ('expired', 'Expired'), ('verified', 'Verified by staff'), ('created', 'Created'), ('changed', 'Changed'), ('removed', 'Removed')], max_length=20, verbose_name='action')),
                ('old_values', models.JSONField(default=dict, verbose_name='old values')),
                ('new_values', models.JSONField(default=dict, verbose_name='new values')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organization', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='taskforce.organization')),
            ],
            options={
                'verbose_name': 'assignment event',
                'verbose_name_plural': 'assignment events',
                'ordering': ['at', 'id'],
                'abstract': False,
                'default_permissions': ('view',),
            },
        ),
        append_only_trigger("training", "certificateevent"),
        append_only_trigger("training", "assignmentevent"),
    ]
