"""Translated texts (django-i18nfield), step 1: one new field per text, beside the columns per language."""

from django.db import migrations
import i18nfield.fields


class Migration(migrations.Migration):
    dependencies = [
        ('taskforce', '0006_fan_out_progress'),
    ]

    operations = [
        migrations.AddField(model_name='organization', name='name_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='name'), preserve_default=False),
    ]
