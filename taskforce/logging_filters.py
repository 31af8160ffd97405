"""Logging filters named in settings.LOGGING."""

import logging

# Django logs these requests refused for the client's own mistake at ERROR, with a traceback (django.security.*):
# a host that is not ours, too many fields or files, a body too big, a malformed upload.
CLIENT_MISTAKE_LOGGERS = [
    "django.security.DisallowedHost",
    "django.security.RequestDataTooBig",
    "django.security.TooManyFieldsSent",
    "django.security.TooManyFilesSent",
    "django.security.SuspiciousMultipartForm",
    "django.request",  # 4xx answers only; a server error keeps its traceback (see below)
]


class ClientMistake(logging.Filter):
    """A client's mistake is one WARNING line, without a traceback; anything answered 5xx is left as it is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 400) >= 500:
            return True
        record.exc_info = None
        record.exc_text = None
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def client_mistake_logging() -> dict:
    """The part of LOGGING that quiets the client's mistakes; every profile includes it."""
    return {
        "filters": {"client_mistake": {"()": "taskforce.logging_filters.ClientMistake"}},
        "loggers": {name: {"filters": ["client_mistake"]} for name in CLIENT_MISTAKE_LOGGERS},
    }
