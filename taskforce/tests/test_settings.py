"""The production profile refuses to start without its secrets and passes Django's deployment checks."""

import os
import subprocess
import sys

from django.conf import settings

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "taskforce.settings.production",
    "SECRET_KEY": "a-production-secret-key-that-is-long-enough-for-the-deploy-check-1234567890",
    "FIELD_ENCRYPTION_KEYS": "Sfgq-PGkBz_zp9paJzngz7j5k7wOF4yjaNljATihjig=",
    "HASH_KEY": "a-production-hash-key",
    "ALLOWED_HOSTS": "portal.example",
    "DATABASE_URL": "sqlite:////tmp/taskforce-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",  # read, never connected to, by these checks
}


def run_manage(*args, env):
    # Start from the real environment minus anything the test run itself set up.
    skip = {"DJANGO_ALLOW_ASYNC_UNSAFE", "CI", *PROD_ENV}
    clean = {k: v for k, v in os.environ.items() if k not in skip and not k.endswith("_FILE")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_secret_stops_startup_with_one_line_naming_it():
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line]
    assert lines == ["Missing required setting: set the SECRET_KEY environment variable (or SECRET_KEY_FILE)."]


def test_the_fernet_keys_can_be_retired_once_every_tip_is_sealed():
    """Issue 23: tips are sealed to their readers; FIELD_ENCRYPTION_KEYS serve only older tips until resealed."""
    env = {k: v for k, v in PROD_ENV.items() if k != "FIELD_ENCRYPTION_KEYS"}
    result = run_manage("check", env=env)
    assert result.returncode == 0, result.stderr
    env["FIELD_ENCRYPTION_KEYS"] = "not-a-fernet-key"
    result = run_manage("check", env=env)
    assert result.returncode != 0 and "not a valid Fernet key" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret_file = tmp_path / "secret"
    secret_file.write_text(PROD_ENV["SECRET_KEY"] + "\n")
    env = {k: v for k, v in PROD_ENV.items() if k != "SECRET_KEY"}
    env["SECRET_KEY_FILE"] = str(secret_file)
    result = run_manage("check", env=env)
    assert result.returncode == 0, result.stderr


def test_check_deploy_has_no_warnings_in_the_production_profile():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_file_mail_backend_takes_its_folder_from_the_environment(tmp_path):
    """An operator who sets EMAIL_BACKEND=...filebased and EMAIL_FILE_PATH gets files, not a TypeError per mail."""
    env = {
        **PROD_ENV,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(tmp_path),
    }
    send = "from django.core.mail import send_mail; send_mail('s', 'b', None, ['a@portal.example'])"
    result = run_manage("shell", "-c", send, env=env)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.iterdir())) == 1


def test_database_and_redis_addresses_can_come_from_files(tmp_path):
    """On several machines both carry a password: like every secret, each may be a file (a container secret)."""
    (tmp_path / "db").write_text("postgres://portal:db-pass-from-a-file@db.internal:6432/portal\n")
    (tmp_path / "redis").write_text("redis://:redis-pass-from-a-file@redis.internal:6379/2\n")
    env = {k: v for k, v in PROD_ENV.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DATABASE_URL_FILE=str(tmp_path / "db"), REDIS_URL_FILE=str(tmp_path / "redis"))
    show = (
        "from django.conf import settings as s; d = s.DATABASES['default'];"
        "print(d['HOST'], d['PORT'], d['PASSWORD'], s.REDIS_URL)"
    )
    result = run_manage("shell", "-v", "0", "-c", show, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "db.internal", "6432", "db-pass-from-a-file", "redis://:redis-pass-from-a-file@redis.internal:6379/2"
    ]  # fmt: skip
