"""Step 2: every English and French text carried into the translated field (and back, reversed)."""

from django.db import migrations
from taskforce.i18n_migration import copy_into_translations


class Migration(migrations.Migration):
    dependencies = [
        ('tips', '0010_i18n_fields'),
    ]

    operations = [
        copy_into_translations('tips', 'Hotline', {'name_i18n': {'en': 'name', 'fr': 'name_fr'}, 'hours_i18n': {'en': 'hours', 'fr': 'hours_fr'}, 'description_i18n': {'en': 'description', 'fr': 'description_fr'}}),
    ]
