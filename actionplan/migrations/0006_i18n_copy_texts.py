"""Step 2: every English and French text carried into the translated field (and back, reversed)."""

from django.db import migrations
from taskforce.i18n_migration import copy_into_translations


class Migration(migrations.Migration):
    dependencies = [
        ('actionplan', '0005_i18n_fields'),
    ]

    operations = [
        copy_into_translations('actionplan', 'Plan', {'title_i18n': {'en': 'title', 'fr': 'title_fr'}, 'summary_i18n': {'en': 'summary', 'fr': 'summary_fr'}, 'note_i18n': {'en': 'note', 'fr': 'note_fr'}}),
        copy_into_translations('actionplan', 'ActionItem', {'title_i18n': {'en': 'title', 'fr': 'title_fr'}, 'description_i18n': {'en': 'description', 'fr': 'description_fr'}}),
        copy_into_translations('actionplan', 'Milestone', {'title_i18n': {'en': 'title', 'fr': 'title_fr'}}),
    ]
