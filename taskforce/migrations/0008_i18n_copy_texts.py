"""Step 2: every English and French text carried into the translated field (and back, reversed)."""

from django.db import migrations
from taskforce.i18n_migration import copy_into_translations


class Migration(migrations.Migration):
    dependencies = [
        ('taskforce', '0007_i18n_fields'),
    ]

    operations = [
        copy_into_translations('taskforce', 'Organization', {'name_i18n': {'en': 'name', 'fr': 'name_fr'}}),
    ]
