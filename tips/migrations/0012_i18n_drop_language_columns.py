"""Step 3: the columns per language dropped; the translated field takes the text's name. (They are first made
optional, so that the migration can be reversed over existing rows.)"""

from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    dependencies = [
        ('tips', '0011_i18n_copy_texts'),
    ]

    operations = [
        migrations.AlterField(model_name='hotline', name='name', field=models.CharField(blank=True, default='', max_length=200, verbose_name='name')),
        migrations.AlterField(model_name='hotline', name='name_fr', field=models.CharField(blank=True, default='', max_length=200, verbose_name='name in French')),
        migrations.AlterField(model_name='hotline', name='hours', field=models.CharField(blank=True, default='', max_length=200, verbose_name='hours')),
        migrations.AlterField(model_name='hotline', name='hours_fr', field=models.CharField(blank=True, default='', max_length=200, verbose_name='hours in French')),
        migrations.AlterField(model_name='hotline', name='description', field=models.TextField(blank=True, default='', verbose_name='description')),
        migrations.AlterField(model_name='hotline', name='description_fr', field=models.TextField(blank=True, default='', verbose_name='description in French')),
        migrations.RemoveField(model_name='hotline', name='name'),
        migrations.RemoveField(model_name='hotline', name='name_fr'),
        migrations.RemoveField(model_name='hotline', name='hours'),
        migrations.RemoveField(model_name='hotline', name='hours_fr'),
        migrations.RemoveField(model_name='hotline', name='description'),
        migrations.RemoveField(model_name='hotline', name='description_fr'),
        migrations.RenameField(model_name='hotline', old_name='name_i18n', new_name='name'),
        migrations.RenameField(model_name='hotline', old_name='hours_i18n', new_name='hours'),
        migrations.RenameField(model_name='hotline', old_name='description_i18n', new_name='description'),
    ]
