"""Debian's nginx run by a test: the deploy/ configuration on loopback, everything it writes in the test's folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.conf import settings

from .plugin import missing

NGINX = "/usr/sbin/nginx"


def require_nginx() -> None:
    if not shutil.which(NGINX):
        missing("needs Debian's nginx (apt-get install nginx-light)")


def wait_for(port: int) -> None:
    """Until a server started in the background accepts connections (ten seconds at most)."""
    for _attempt in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)


def portal_conf(
    folder: Path, *, port: int, app_port: int, replace: tuple[tuple[str, str], ...] = (), exports_port: int = 0
) -> str:
    """deploy/nginx/portal.conf listening on `port` of loopback, in front of the application on `app_port` (and its
    exports pool on `exports_port`, by default the same), logging into `folder`, serving this checkout; `replace`
    are more (old, new) pairs, applied before those."""
    text = (settings.BASE_DIR / "deploy/nginx/portal.conf").read_text()
    for old, new in (
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("127.0.0.1:8000", f"127.0.0.1:{app_port}"),
        ("127.0.0.1:8001", f"127.0.0.1:{exports_port or app_port}"),
        ("/var/log/nginx/", f"{folder}/nginx-"),
        *replace,
        ("/srv/portal", str(settings.BASE_DIR)),
    ):
        assert old in text, f"deploy/nginx/portal.conf no longer has {old!r}"
        text = text.replace(old, new)
    return text


def main_conf(folder: Path, http: str, *, connections: int) -> Path:
    """Writes folder/nginx.conf: one worker in the foreground, its pid, error log and temporary files in `folder`,
    and `http` inside the http block. Returns its path."""
    # As root, nginx's workers would run as nobody, who cannot enter pytest's private temporary folder.
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"{kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = folder / "nginx.conf"
    path.write_text(
        f"daemon off;\n{user}worker_processes 1;\npid {folder}/nginx.pid;\n"
        f"error_log {folder}/nginx-main-error.log crit;\nevents {{ worker_connections {connections}; }}\n"
        f"http {{\ninclude /etc/nginx/mime.types;\naccess_log off;\n{temp}{http}\n}}\n"
    )
    return path


def start(conf: Path, port: int, **popen) -> subprocess.Popen:
    """nginx with `conf`, once it accepts connections on `port`."""
    process = subprocess.Popen([NGINX, "-p", str(conf.parent), "-c", str(conf)], **popen)  # noqa: S603 - Debian's nginx
    wait_for(port)
    return process
