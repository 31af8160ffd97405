"""gunicorn for the production profile: `gunicorn -c deploy/gunicorn.conf.py` (README, Production).

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind nginx: deploy/nginx/portal.conf), GUNICORN_WORKERS
(default 2 x CPUs), GUNICORN_THREADS (default 4), GUNICORN_WORKER_CLASS (default gthread), GUNICORN_GRACEFUL_TIMEOUT
(default 30), GUNICORN_PIDFILE (none by default; deploy/drain-web reads it), TRUSTED_PROXIES (also read by Django:
taskforce/net.py).

Two pools run this same file (README, "Several machines"): the pages (127.0.0.1:8000) and, with
GUNICORN_BIND=127.0.0.1:8001, the exports (the registry's and open data's downloads, CSV exports, PDF reports and
certificates), which nginx sends there (upstream portal_exports), so downloads under way never take the threads
that /healthz and the tip form need.
"""

import multiprocessing
import os
import sys
from pathlib import Path

import gunicorn.http.wsgi

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

wsgi_app = "taskforce.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count())))
# ----- issue 22: worker model, drain -----
# Threads: a request waiting on the database or a slow client holds one thread, not a whole process, so
# workers x threads requests are served at once (sync workers held one each: any four slow requests starved the
# README's four workers, the health check with them). Each thread keeps its own database connection
# (CONN_MAX_AGE): count workers x threads per pool against the database's connections.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# SIGTERM (deploy/drain-web, systemctl stop): stop accepting, let requests under way finish for this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
pidfile = os.environ.get("GUNICORN_PIDFILE") or None
# X-Forwarded-Proto is believed only from our own proxy (the same list Django reads for the client's address).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXIES", "127.0.0.1")

# ----- access log: no client address and no query string, for any page ------------------------------------------
# %(h)s (the peer), %({x-forwarded-for}i)s, %(r)s and %(q)s (which carry the query string), %(a)s (user agent) and
# %(f)s (referer) are left out on purpose: a tip page's log line must not say who, or what they typed in a link.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# ... and the path without the secret of a mailed link (a reset, an enrolment...): taskforce/logpaths.py.
logger_class = "taskforce.accesslog.PrivateAccessLogger"
errorlog = "-"

# ----- rate-limit buckets: one secret for every worker, in memory only -------------------------------------------
# The master makes it before forking (tips/ratekey.py); workers inherit it, and nothing ever writes it down.
from tips import ratekey  # noqa: E402 - needs the path above; imports nothing from Django

ratekey.seed()

# --- Server header (issue 13, exports/errors/operators) -------------------------------------------------------
# gunicorn writes `Server: gunicorn` on every answer and has no setting for it; the header only helps an attacker
# pick exploits, so it names no software. gunicorn reads this module-level name for every response it starts.
gunicorn.http.wsgi.SERVER = "taskforce"
# --- end of the Server header part ------------------------------------------------------------------------------
