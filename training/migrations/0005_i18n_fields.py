"""Translated texts (django-i18nfield), step 1: one new field per text, beside the columns per language."""

from django.db import migrations
import i18nfield.fields


class Migration(migrations.Migration):
    dependencies = [
        ('training', '0004_report_learner_key_index'),
    ]

    operations = [
        migrations.AddField(model_name='course', name='title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='title'), preserve_default=False),
        migrations.AddField(model_name='course', name='summary_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='summary'), preserve_default=False),
        migrations.AddField(model_name='course', name='content_warning_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='content warning'), preserve_default=False),
        migrations.AddField(model_name='module', name='title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='title'), preserve_default=False),
        migrations.AddField(model_name='lesson', name='title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='title'), preserve_default=False),
        migrations.AddField(model_name='lesson', name='body_i18n', field=i18nfield.fields.I18nTextField(default='', verbose_name='text in Markdown'), preserve_default=False),
        migrations.AddField(model_name='lesson', name='image_alt_i18n', field=i18nfield.fields.I18nCharField(blank=True, default='', max_length=300, verbose_name='image description'), preserve_default=False),
        migrations.AddField(model_name='lesson', name='transcript_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='video transcript'), preserve_default=False),
        migrations.AddField(model_name='question', name='text_i18n', field=i18nfield.fields.I18nTextField(default='', verbose_name='question'), preserve_default=False),
        migrations.AddField(model_name='choice', name='text_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=500, verbose_name='answer'), preserve_default=False),
        migrations.AddField(model_name='choice', name='feedback_i18n', field=i18nfield.fields.I18nTextField(blank=True, default='', verbose_name='feedback'), preserve_default=False),
        migrations.AddField(model_name='certificate', name='course_title_i18n', field=i18nfield.fields.I18nCharField(default='', max_length=200, verbose_name='course'), preserve_default=False),
    ]
