"""gunicorn's access log through taskforce.accesslog: a mailed link's secret is hidden, and a request without a
path (one gunicorn failed to parse or handle) is logged instead of killing the worker."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from gunicorn.config import Config

from taskforce.accesslog import PrivateAccessLogger


def _atoms(path_info):
    logger = PrivateAccessLogger(Config())
    response = SimpleNamespace(status="500 Internal Server Error", headers=[], sent=0, response_length=0)
    request = SimpleNamespace(headers=[], version=(1, 1), method="GET", path=path_info, query="", uri=path_info)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path_info or "", "SERVER_PROTOCOL": "HTTP/1.1"}
    if path_info is not None:
        environ["PATH_INFO"] = path_info
    return logger.atoms(response, request, environ, timedelta(milliseconds=3))


def test_a_request_without_a_path_is_logged_not_fatal():
    assert _atoms(None)["U"] == "-"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/en/accounts/password/reset/MQ/abc-def123/", "/en/accounts/password/reset/MQ/[secret]/"),
        ("/en/tips/report/", "/en/tips/report/"),
    ],
)
def test_paths_are_logged_without_secrets(path, logged):
    assert _atoms(path)["U"] == logged
