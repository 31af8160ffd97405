"""gunicorn settings of the production recipe: `gunicorn -c deploy/gunicorn.conf.py taskforce.wsgi` (see README)."""

# --- Server header (issue 13, exports/errors/operators) -------------------------------------------------------
# gunicorn writes `Server: gunicorn` on every answer and has no setting for it; the header only helps an attacker
# pick exploits, so it names no software. gunicorn reads this module-level name for every response it starts.
import gunicorn.http.wsgi

gunicorn.http.wsgi.SERVER = "taskforce"
# --- end of the Server header part ------------------------------------------------------------------------------
