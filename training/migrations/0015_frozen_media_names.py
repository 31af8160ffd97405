"""Versions published before files were frozen by name held their addresses ("/media/training/images/2026/a.png",
or a storage's full address): turn them back into stored names, so that the page finds each file's address when
it is shown (reader.media_url), on our own origin, whatever the storage is now (issue 22)."""

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.db import migrations


def name_from_address(value: str) -> str:
    """The stored name inside an address; a name (or an empty value) is returned as it is."""
    if not isinstance(value, str) or not value.startswith(("/", "http://", "https://")):
        return value
    path = unquote(urlsplit(value).path)
    media = settings.MEDIA_URL if settings.MEDIA_URL.startswith("/") else urlsplit(settings.MEDIA_URL).path
    if path.startswith(media):
        return path[len(media) :]
    bucket = f"/{settings.S3_BUCKET}/" if getattr(settings, "S3_BUCKET", "") else None
    if bucket and path.startswith(bucket):  # a path-style bucket address
        return path[len(bucket) :]
    return path.lstrip("/")


def _lesson_names(lesson: dict) -> bool:
    changed = False
    for key in ("image", "video"):
        name = name_from_address(lesson.get(key) or "")
        if name != (lesson.get(key) or ""):
            lesson[key], changed = name, True
    for caption in lesson.get("captions", []):
        name = name_from_address(caption.get("file") or "")
        if name != (caption.get("file") or ""):
            caption["file"], changed = name, True
    return changed


def forwards(apps, schema_editor):
    CourseVersion = apps.get_model("training", "CourseVersion")
    for version in CourseVersion.objects.only("id", "content").iterator(chunk_size=200):
        content = version.content or {}
        changed = False
        for module in content.get("modules", []):
            for lesson in module.get("lessons", []):
                changed = _lesson_names(lesson) or changed
        if changed:
            CourseVersion.objects.filter(id=version.id).update(content=content)


class Migration(migrations.Migration):
    dependencies = [("training", "0014_course_setting_bounds")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
