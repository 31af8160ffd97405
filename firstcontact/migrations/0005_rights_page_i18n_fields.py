"""Know-your-rights pages, step 1: translated fields beside the one-row-per-language columns."""

import i18nfield.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("firstcontact", "0004_i18n_drop_language_columns"),
    ]

    operations = [
        migrations.AddField(
            model_name="rightspage",
            name="title_i18n",
            field=i18nfield.fields.I18nCharField(default="", max_length=200, verbose_name="title"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rightspage",
            name="summary_i18n",
            field=i18nfield.fields.I18nCharField(default="", max_length=300, verbose_name="summary"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="rightspage",
            name="body_i18n",
            field=i18nfield.fields.I18nTextField(
                default="", help_text="Markdown: paragraphs, headings from ##, lists.", verbose_name="text"
            ),
            preserve_default=False,
        ),
    ]
