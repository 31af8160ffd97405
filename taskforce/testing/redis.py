"""A `redis-server` of a test's own, on a free port, saving nothing to disk: a test stops and starts it to break
the broker on purpose, never touching the shared Redis on 6379."""

from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

from .plugin import wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @staticmethod
    def available() -> bool:
        return shutil.which("redis-server") is not None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> PrivateRedis:
        self.proc = subprocess.Popen(  # noqa: S603 - redis-server, fixed arguments
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        wait_until(self.ping, timeout=10, interval=0.05, message="the private redis-server to answer")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)
        wait_until(lambda: not self.ping(), timeout=5, interval=0.05, message="the private redis-server to stop")

    def everything(self) -> list[bytes]:
        """Every key and value in the server, whatever its type (to show what a broker message carries)."""
        import redis  # noqa: PLC0415 -- pytest loads plugins before Django is set up

        client = redis.Redis.from_url(self.url)
        found = []
        for key in client.scan_iter():
            found.append(key)
            kind = client.type(key)
            if kind == b"string":
                found.append(client.get(key))
            elif kind == b"list":
                found.extend(client.lrange(key, 0, -1))
            elif kind == b"hash":
                for name, value in client.hgetall(key).items():
                    found.extend([name, value])
            elif kind == b"set":
                found.extend(client.smembers(key))
            elif kind == b"zset":
                found.extend(client.zrange(key, 0, -1))
        return found
