"""Step 2: every English and French text carried into the translated field (and back, reversed)."""

from django.db import migrations
from taskforce.i18n_migration import copy_into_translations


class Migration(migrations.Migration):
    dependencies = [
        ('training', '0005_i18n_fields'),
    ]

    operations = [
        copy_into_translations('training', 'Course', {'title_i18n': {'en': 'title_en', 'fr': 'title_fr'}, 'summary_i18n': {'en': 'summary_en', 'fr': 'summary_fr'}, 'content_warning_i18n': {'en': 'content_warning_en', 'fr': 'content_warning_fr'}}),
        copy_into_translations('training', 'Module', {'title_i18n': {'en': 'title_en', 'fr': 'title_fr'}}),
        copy_into_translations('training', 'Lesson', {'title_i18n': {'en': 'title_en', 'fr': 'title_fr'}, 'body_i18n': {'en': 'body_en', 'fr': 'body_fr'}, 'image_alt_i18n': {'en': 'image_alt_en', 'fr': 'image_alt_fr'}, 'transcript_i18n': {'en': 'transcript_en', 'fr': 'transcript_fr'}}),
        copy_into_translations('training', 'Question', {'text_i18n': {'en': 'text_en', 'fr': 'text_fr'}}),
        copy_into_translations('training', 'Choice', {'text_i18n': {'en': 'text_en', 'fr': 'text_fr'}, 'feedback_i18n': {'en': 'feedback_en', 'fr': 'feedback_fr'}}),
        copy_into_translations('training', 'Certificate', {'course_title_i18n': {'en': 'course_title_en', 'fr': 'course_title_fr'}}),
    ]
