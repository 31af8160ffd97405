"""Debian's PgBouncer (`/usr/sbin/pgbouncer`), started by a drill or the benchmark in front of the PostgreSQL on
127.0.0.1:5432: a foreground process on a free port, in transaction mode, configured from deploy/pgbouncer/
pgbouncer.ini with the ports, paths and pool size rewritten (as taskforce/testing/nginx.py does for nginx). Trust
authentication, as the test server's: the user list names the user with no password. Its admin console (database
`pgbouncer`) answers SHOW POOLS / CLIENTS / SERVERS, which the drill reads to count connections.

Self-contained (no Django): the benchmark starts one before Django is set up."""

from __future__ import annotations

import configparser
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

PGBOUNCER = os.environ.get("PGBOUNCER", "/usr/sbin/pgbouncer")
CONF = Path(__file__).resolve().parent.parent.parent / "deploy" / "pgbouncer" / "pgbouncer.ini"


def available() -> bool:
    return Path(PGBOUNCER).exists() or shutil.which("pgbouncer") is not None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgBouncer:
    """`PgBouncer(pool_size=2).start()` (listening on `listen`, 127.0.0.1 by default); `.url(dbname)` is a DATABASE_URL through it; `.show("pools")` reads the
    admin console; `.stop()`."""

    def __init__(self, *, pool_size: int = 2, max_client_conn: int = 200, server_port: int = 5432,
                 user: str = "postgres", listen: str = "127.0.0.1"):  # fmt: skip
        self.pool_size, self.max_client_conn, self.server_port, self.user, self.listen = (
            pool_size, max_client_conn, server_port, user, listen)  # fmt: skip
        self.port = _free_port()
        # Readable by the unprivileged user pgbouncer runs as when started by root (`-u postgres`).
        self.dir = Path(tempfile.mkdtemp(prefix="taskforce-pgbouncer-"))
        self.dir.chmod(0o755)
        self.proc: subprocess.Popen | None = None

    def config(self) -> str:
        """deploy/pgbouncer/pgbouncer.ini with what differs here: port, trust, the user list, the pool size."""
        ini = configparser.ConfigParser(interpolation=None)
        ini.optionxform = str
        ini.read(CONF)
        ini["databases"] = {"*": f"host=127.0.0.1 port={self.server_port}"}
        ini["pgbouncer"].update(
            {
                "listen_addr": self.listen,
                "listen_port": str(self.port),
                "unix_socket_dir": "",
                "auth_type": "trust",  # the test server trusts loopback; the deployment uses scram-sha-256
                "auth_file": str(self.dir / "userlist.txt"),
                "default_pool_size": str(self.pool_size),
                "min_pool_size": "0",
                "reserve_pool_size": "0",
                "max_db_connections": str(self.pool_size),
                "max_client_conn": str(self.max_client_conn),
                "admin_users": self.user,
                "stats_users": self.user,
                "logfile": "",
                "pidfile": "",
            }
        )
        ini["pgbouncer"].pop("auth_query", None)
        ini["pgbouncer"].pop("auth_user", None)
        lines = []
        for section in ini.sections():
            lines.append(f"[{section}]")
            lines += [f"{key} = {value}" for key, value in ini[section].items()]
        return "\n".join(lines) + "\n"

    def url(self, dbname: str) -> str:
        return f"postgres://{self.user}@{self.listen}:{self.port}/{dbname}"

    def start(self) -> PgBouncer:
        conf = self.dir / "pgbouncer.ini"
        conf.write_text(self.config())
        (self.dir / "userlist.txt").write_text(f'"{self.user}" ""\n')
        for path in (conf, self.dir / "userlist.txt"):
            path.chmod(0o644)
        cmd = [PGBOUNCER if Path(PGBOUNCER).exists() else shutil.which("pgbouncer")]
        if os.geteuid() == 0:  # pgbouncer refuses to run as root
            cmd += ["-u", "postgres"]
        self.log = self.dir / "pgbouncer.log"
        out = open(self.log, "wb")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(  # noqa: S603 - Debian's pgbouncer, our config
            [*cmd, str(conf)], stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 15
        while not self._answers():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"pgbouncer did not start: {self.log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.05)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection((self.listen, self.port), timeout=0.5):
                return True
        except OSError:
            return False

    def show(self, what: str) -> list[dict]:
        """`SHOW <what>` on the admin console, as dicts (psycopg2 in autocommit: the console takes no BEGIN)."""
        import psycopg2  # noqa: PLC0415 -- only where PostgreSQL is used

        conn = psycopg2.connect(host=self.listen, port=self.port, user=self.user, dbname="pgbouncer")
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(f"SHOW {what}")
                names = [c.name for c in cursor.description]
                return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            conn.close()

    def connections(self, dbname: str) -> tuple[int, int]:
        """(client connections, server connections) of `dbname` right now."""
        clients = sum(1 for row in self.show("clients") if row["database"] == dbname)
        servers = sum(1 for row in self.show("servers") if row["database"] == dbname)
        return clients, servers

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # SIGTERM: immediate shutdown (SIGINT would wait for clients)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)
