"""Know-your-rights pages, step 2: the rows of one topic (one per language) become one row holding every
language's text; reversed, one row per language again."""

from django.conf import settings
from django.db import migrations

from taskforce.language import text_data

TEXTS = ("title", "summary", "body")


def merge(apps, schema_editor):
    page_model = apps.get_model("firstcontact", "RightsPage")
    by_slug = {}
    for page in page_model.objects.order_by("slug", "id"):
        by_slug.setdefault(page.slug, []).append(page)
    for rows in by_slug.values():
        keep = next((row for row in rows if row.language == settings.LANGUAGE_CODE), rows[0])
        for name in TEXTS:
            setattr(keep, f"{name}_i18n", {row.language: getattr(row, name) for row in rows if getattr(row, name)})
        keep.language = settings.LANGUAGE_CODE
        keep.save()
        page_model.objects.filter(id__in=[row.id for row in rows if row.id != keep.id]).delete()


def split(apps, schema_editor):
    page_model = apps.get_model("firstcontact", "RightsPage")
    for page in page_model.objects.all():
        texts = {name: text_data(getattr(page, f"{name}_i18n")) for name in TEXTS}
        languages = list(texts["body"]) or [settings.LANGUAGE_CODE]
        first, *others = sorted(languages, key=lambda code: code != settings.LANGUAGE_CODE)
        for name in TEXTS:
            setattr(page, name, texts[name].get(first, ""))
        page.language = first
        page.save()
        for code in others:
            page_model.objects.create(
                slug=page.slug,
                language=code,
                order=page.order,
                is_published=page.is_published,
                title_i18n="",
                summary_i18n="",
                body_i18n="",
                **{name: texts[name].get(code, "") for name in TEXTS},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("firstcontact", "0005_rights_page_i18n_fields"),
    ]

    operations = [migrations.RunPython(merge, split, elidable=False)]
