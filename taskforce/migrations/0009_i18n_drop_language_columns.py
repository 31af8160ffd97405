"""Step 3: the columns per language dropped; the translated field takes the text's name. (They are first made
optional, so that the migration can be reversed over existing rows.)"""

from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    dependencies = [
        ('taskforce', '0008_i18n_copy_texts'),
    ]

    operations = [
        migrations.AlterField(model_name='organization', name='name', field=models.CharField(blank=True, default='', max_length=200, unique=True, verbose_name='name')),
        migrations.AlterField(model_name='organization', name='name_fr', field=models.CharField(blank=True, default='', max_length=200, verbose_name='name in French')),
        migrations.RemoveField(model_name='organization', name='name'),
        migrations.RemoveField(model_name='organization', name='name_fr'),
        migrations.RenameField(model_name='organization', old_name='name_i18n', new_name='name'),
    ]
