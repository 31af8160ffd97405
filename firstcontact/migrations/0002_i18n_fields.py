"""Translated texts (django-i18nfield), step 1: one new field per text, beside the columns per language."""

from django.db import migrations
import i18nfield.fields


class Migration(migrations.Migration):
    dependencies = [
        ('firstcontact', '0001_initial'),
    ]

    operations = [
        migrations.AddField(model_name='question', name='text_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=300, verbose_name='question'), preserve_default=False),
        migrations.AddField(model_name='question', name='help_i18n', field=i18nfield.fields.I18nCharField(blank=True, default='', max_length=300, verbose_name='help'), preserve_default=False),
        migrations.AddField(model_name='guidance', name='heading_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='heading'), preserve_default=False),
        migrations.AddField(model_name='guidance', name='body_i18n', field=i18nfield.fields.I18nTextField(default='', help_text='Markdown: paragraphs and lists.', verbose_name='text'), preserve_default=False),
    ]
