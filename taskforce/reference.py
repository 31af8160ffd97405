"""Reference data of the task force itself: the real organizations named in the source documents. Loaded by
`manage.py load_reference` and `load_content` and by `seed_demo` before the demo accounts."""

from django.conf import settings

from . import content_files
from .models import Organization
from .services import organization_upsert

K = Organization.Kind

# Real organizations named in the project's source documents: slug and kind. Their names are authored text, in
# content/<code>/organizations.yaml.
ORGANIZATIONS = [
    ("alberta-justice", K.MINISTRY),
    ("alberta-labour", K.MINISTRY),
    ("act-alberta", K.COMMUNITY),
    ("ccr", K.COMMUNITY),
    ("cceht", K.HOTLINE),
    ("klinic", K.HOTLINE),
    ("hamilton-police", K.POLICE),
    ("chrysalis", K.HOTLINE),
    ("public-safety-canada", K.AGENCY),
]


def load() -> list[str]:
    """The organizations with their names in every language written; returns the problems found in the files."""
    names = content_files.read("organizations.yaml", every_string_is_text=True)
    for slug, kind in ORGANIZATIONS:
        organization_upsert(slug=slug, name=names.data.get(slug) or {settings.LANGUAGE_CODE: slug}, kind=kind)
    return names.problems
