"""Translated texts (django-i18nfield), step 1: one new field per text, beside the columns per language."""

from django.db import migrations
import i18nfield.fields


class Migration(migrations.Migration):
    dependencies = [
        ('tips', '0009_tip_language_hotline_languages'),
    ]

    operations = [
        migrations.AddField(model_name='hotline', name='name_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='name'), preserve_default=False),
        migrations.AddField(model_name='hotline', name='hours_i18n', field=i18nfield.fields.I18nCharField(blank=True, default='', max_length=200, verbose_name='hours'), preserve_default=False),
        migrations.AddField(model_name='hotline', name='description_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='description'), preserve_default=False),
    ]
