"""Translated texts (django-i18nfield), step 1: one new field per text, beside the columns per language."""

from django.db import migrations
import i18nfield.fields


class Migration(migrations.Migration):
    dependencies = [
        ('actionplan', '0004_latest_updates_indexes'),
    ]

    operations = [
        migrations.AddField(model_name='plan', name='title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=250, verbose_name='title'), preserve_default=False),
        migrations.AddField(model_name='plan', name='summary_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='summary'), preserve_default=False),
        migrations.AddField(model_name='plan', name='note_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='note on sources'), preserve_default=False),
        migrations.AddField(model_name='actionitem', name='title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=250, verbose_name='title'), preserve_default=False),
        migrations.AddField(model_name='actionitem', name='description_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='public description'), preserve_default=False),
        migrations.AddField(model_name='milestone', name='title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=250, verbose_name='title'), preserve_default=False),
    ]
