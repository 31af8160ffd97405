"""gunicorn's access log without secrets in paths (taskforce.logpaths); set as `logger_class` in
deploy/gunicorn.conf.py. Imported by gunicorn only: nothing here touches Django."""

from gunicorn.glogging import Logger

from taskforce.logpaths import loggable_path


class PrivateAccessLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # gunicorn leaves the path out (None) when the request could not be parsed or failed in its own handling.
        atoms["U"] = loggable_path(atoms.get("U") or "-")
        return atoms
