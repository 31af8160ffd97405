"""Know-your-rights pages, step 3: one row per topic (slug unique), the translated fields take the texts' names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("firstcontact", "0006_rights_page_one_row_per_topic"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="rightspage", name="unique_rights_page_language"),
        migrations.AlterField(
            model_name="rightspage", name="title", field=models.CharField(blank=True, default="", max_length=200)
        ),
        migrations.AlterField(
            model_name="rightspage", name="summary", field=models.CharField(blank=True, default="", max_length=300)
        ),
        migrations.AlterField(model_name="rightspage", name="body", field=models.TextField(blank=True, default="")),
        migrations.AlterField(
            model_name="rightspage", name="language", field=models.CharField(blank=True, default="", max_length=10)
        ),
        migrations.RemoveField(model_name="rightspage", name="language"),
        migrations.RemoveField(model_name="rightspage", name="title"),
        migrations.RemoveField(model_name="rightspage", name="summary"),
        migrations.RemoveField(model_name="rightspage", name="body"),
        migrations.RenameField(model_name="rightspage", old_name="title_i18n", new_name="title"),
        migrations.RenameField(model_name="rightspage", old_name="summary_i18n", new_name="summary"),
        migrations.RenameField(model_name="rightspage", old_name="body_i18n", new_name="body"),
        migrations.AlterField(
            model_name="rightspage", name="slug", field=models.SlugField(max_length=80, unique=True, verbose_name="topic")
        ),
        migrations.AlterModelOptions(
            name="rightspage",
            options={
                "ordering": ["order", "slug"],
                "verbose_name": "know-your-rights page",
                "verbose_name_plural": "know-your-rights pages",
            },
        ),
    ]
