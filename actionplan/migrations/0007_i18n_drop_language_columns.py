"""Step 3: the columns per language dropped; the translated field takes the text's name. (They are first made
optional, so that the migration can be reversed over existing rows.)"""

from django.db import migrations
from django.db import models


class Migration(migrations.Migration):
    dependencies = [
        ('actionplan', '0006_i18n_copy_texts'),
    ]

    operations = [
        migrations.AlterField(model_name='plan', name='title', field=models.CharField(blank=True, default='', max_length=250, verbose_name='title')),
        migrations.AlterField(model_name='plan', name='title_fr', field=models.CharField(blank=True, default='', max_length=250, verbose_name='title in French')),
        migrations.AlterField(model_name='plan', name='summary', field=models.TextField(blank=True, default='', verbose_name='summary')),
        migrations.AlterField(model_name='plan', name='summary_fr', field=models.TextField(blank=True, default='', verbose_name='summary in French')),
        migrations.AlterField(model_name='plan', name='note', field=models.TextField(blank=True, default='', verbose_name='note on sources')),
        migrations.AlterField(model_name='plan', name='note_fr', field=models.TextField(blank=True, default='', verbose_name='note on sources in French')),
        migrations.AlterField(model_name='actionitem', name='title', field=models.CharField(blank=True, default='', max_length=250, verbose_name='title')),
        migrations.AlterField(model_name='actionitem', name='title_fr', field=models.CharField(blank=True, default='', max_length=250, verbose_name='title in French')),
        migrations.AlterField(model_name='actionitem', name='description', field=models.TextField(blank=True, default='', verbose_name='public description')),
        migrations.AlterField(model_name='actionitem', name='description_fr', field=models.TextField(blank=True, default='', verbose_name='public description in French')),
        migrations.AlterField(model_name='milestone', name='title', field=models.CharField(blank=True, default='', max_length=250, verbose_name='title')),
        migrations.AlterField(model_name='milestone', name='title_fr', field=models.CharField(blank=True, default='', max_length=250, verbose_name='title in French')),
        migrations.RemoveField(model_name='plan', name='title'),
        migrations.RemoveField(model_name='plan', name='title_fr'),
        migrations.RemoveField(model_name='plan', name='summary'),
        migrations.RemoveField(model_name='plan', name='summary_fr'),
        migrations.RemoveField(model_name='plan', name='note'),
        migrations.RemoveField(model_name='plan', name='note_fr'),
        migrations.RenameField(model_name='plan', old_name='title_i18n', new_name='title'),
        migrations.RenameField(model_name='plan', old_name='summary_i18n', new_name='summary'),
        migrations.RenameField(model_name='plan', old_name='note_i18n', new_name='note'),
        migrations.RemoveField(model_name='actionitem', name='title'),
        migrations.RemoveField(model_name='actionitem', name='title_fr'),
        migrations.RemoveField(model_name='actionitem', name='description'),
        migrations.RemoveField(model_name='actionitem', name='description_fr'),
        migrations.RenameField(model_name='actionitem', old_name='title_i18n', new_name='title'),
        migrations.RenameField(model_name='actionitem', old_name='description_i18n', new_name='description'),
        migrations.RemoveField(model_name='milestone', name='title'),
        migrations.RemoveField(model_name='milestone', name='title_fr'),
        migrations.RenameField(model_name='milestone', old_name='title_i18n', new_name='title'),
    ]
