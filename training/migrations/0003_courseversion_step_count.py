"""Each version keeps how many steps its content has, so that the reports compute progress in SQL."""

from django.db import migrations, models

from training.reader import VersionContent


def count_steps(apps, schema_editor):
    CourseVersion = apps.get_model("training", "CourseVersion")
    for version in CourseVersion.objects.only("id", "content").iterator(chunk_size=100):
        CourseVersion.objects.filter(id=version.id).update(step_count=len(VersionContent(version.content or {}).steps))


class Migration(migrations.Migration):

    dependencies = [
        ('training', '0002_audit_events'),
    ]

    operations = [
        migrations.AddField(
            model_name='courseversion',
            name='step_count',
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name='steps'),
        ),
        migrations.RunPython(count_steps, migrations.RunPython.noop),
    ]
