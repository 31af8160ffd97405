"""Every way the portal starts picks the profile the README documents: the web (wsgi, asgi), the Celery worker and
beat use the production profile unless told otherwise; manage.py is the developers' door and uses dev."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from .test_settings import PROD_ENV

SECRETS = {k: v for k, v in PROD_ENV.items() if k != "DJANGO_SETTINGS_MODULE"}
SHOW = "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.EMAIL_BACKEND)"


def run_clean(code: str, env: dict) -> subprocess.CompletedProcess:
    """Python in a clean environment: no DJANGO_SETTINGS_MODULE, nothing of the test run."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "entry",
    [
        "import taskforce.celery",  # `celery -A taskforce worker` and `celery -A taskforce beat`
        "import taskforce.wsgi",
        "import taskforce.asgi",
    ],
)
def test_servers_and_workers_default_to_production(entry):
    result = run_clean(f"{entry}; {SHOW}", SECRETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["taskforce.settings.production", "django.core.mail.backends.smtp.EmailBackend"]


def test_a_worker_without_its_secrets_stops_with_one_line_naming_them():
    env = {k: v for k, v in SECRETS.items() if k != "SECRET_KEY"}
    result = run_clean(f"import taskforce.celery; {SHOW}", env)
    assert result.returncode != 0
    assert result.stderr.strip().splitlines()[-1] == (
        "Missing required setting: set the SECRET_KEY environment variable (or SECRET_KEY_FILE)."
    )


def test_an_explicit_profile_wins():
    result = run_clean(f"import taskforce.celery; {SHOW}", {"DJANGO_SETTINGS_MODULE": "taskforce.settings.dev"})
    assert result.stdout.split()[0] == "taskforce.settings.dev"


def test_manage_py_is_the_developers_door():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.splitlines()[-1].split()[0] == "taskforce.settings.dev", result.stderr
