"""Step 2: every English and French text carried into the translated field (and back, reversed)."""

from django.db import migrations
from taskforce.i18n_migration import copy_into_translations


class Migration(migrations.Migration):
    dependencies = [
        ('firstcontact', '0002_i18n_fields'),
    ]

    operations = [
        copy_into_translations('firstcontact', 'Question', {'text_i18n': {'en': 'text_en', 'fr': 'text_fr'}, 'help_i18n': {'en': 'help_en', 'fr': 'help_fr'}}),
        copy_into_translations('firstcontact', 'Guidance', {'heading_i18n': {'en': 'heading_en', 'fr': 'heading_fr'}, 'body_i18n': {'en': 'body_en', 'fr': 'body_fr'}}),
    ]
