"""The baseline the benchmark compares the portal with: the same project, database, cache and rows, served by
minimal views (bench/views.py) with no middleware and bare templates with no context processors."""

from pathlib import Path

from .settings_bench import *  # noqa: F403

MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {"context_processors": []},
    }
]
