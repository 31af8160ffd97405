"""The data step of the migrations that moved texts from one column per language into one translated field
(django-i18nfield): every existing text is carried over, and back when the migration is reversed."""

from django.db import migrations

from .language import text_data


def copy_into_translations(app_label: str, model_name: str, fields: dict[str, dict[str, str]]):
    """`fields` maps each new translated field to its old columns by language: `{"title_i18n": {code: column}}`.
    Reversed, each old column gets its language's text back (a language without a column is dropped)."""

    def forward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        for obj in model.objects.all().iterator():
            for new, columns in fields.items():
                setattr(
                    obj, new, {code: getattr(obj, column) for code, column in columns.items() if getattr(obj, column)}
                )
            obj.save(update_fields=list(fields))

    def backward(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        old = [column for columns in fields.values() for column in columns.values()]
        for obj in model.objects.all().iterator():
            for new, columns in fields.items():
                data = text_data(getattr(obj, new))
                for code, column in columns.items():
                    setattr(obj, column, data.get(code, ""))
            obj.save(update_fields=old)

    return migrations.RunPython(forward, backward, elidable=False)
