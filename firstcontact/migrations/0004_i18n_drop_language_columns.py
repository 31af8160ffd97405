"""Step 3: the columns per language dropped; the translated field takes the text's name. (They are first made
optional, so that the migration can be reversed over existing rows.)"""

from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    dependencies = [
        ('firstcontact', '0003_i18n_copy_texts'),
    ]

    operations = [
        migrations.AlterField(model_name='question', name='text_en', field=models.CharField(blank=True, default='', max_length=300, verbose_name='question (English)')),
        migrations.AlterField(model_name='question', name='text_fr', field=models.CharField(blank=True, default='', max_length=300, verbose_name='question (French)')),
        migrations.AlterField(model_name='question', name='help_en', field=models.CharField(blank=True, default='', max_length=300, verbose_name='help (English)')),
        migrations.AlterField(model_name='question', name='help_fr', field=models.CharField(blank=True, default='', max_length=300, verbose_name='help (French)')),
        migrations.AlterField(model_name='guidance', name='heading_en', field=models.CharField(blank=True, default='', max_length=200, verbose_name='heading (English)')),
        migrations.AlterField(model_name='guidance', name='heading_fr', field=models.CharField(blank=True, default='', max_length=200, verbose_name='heading (French)')),
        migrations.AlterField(model_name='guidance', name='body_en', field=models.TextField(blank=True, default='', help_text='Markdown: paragraphs and lists.', verbose_name='text (English)')),
        migrations.AlterField(model_name='guidance', name='body_fr', field=models.TextField(blank=True, default='', verbose_name='text (French)')),
        migrations.RemoveField(model_name='question', name='text_en'),
        migrations.RemoveField(model_name='question', name='text_fr'),
        migrations.RemoveField(model_name='question', name='help_en'),
        migrations.RemoveField(model_name='question', name='help_fr'),
        migrations.RenameField(model_name='question', old_name='text_i18n', new_name='text'),
        migrations.RenameField(model_name='question', old_name='help_i18n', new_name='help'),
        migrations.RemoveField(model_name='guidance', name='heading_en'),
        migrations.RemoveField(model_name='guidance', name='heading_fr'),
        migrations.RemoveField(model_name='guidance', name='body_en'),
        migrations.RemoveField(model_name='guidance', name='body_fr'),
        migrations.RenameField(model_name='guidance', old_name='heading_i18n', new_name='heading'),
        migrations.RenameField(model_name='guidance', old_name='body_i18n', new_name='body'),
    ]
