import os

from celery import Celery

# Workers and beat run in production, like the web (wsgi.py, asgi.py): the README's `celery -A taskforce worker`
# must send real mail. Developers' commands go through manage.py, which sets the dev profile before this runs.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "taskforce.settings.production")

app = Celery("taskforce")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
