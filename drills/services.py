"""Real services the fault drills start and break on purpose: SMTP servers that accept, stall, refuse or never
answer, and a TCP proxy that can cut the road to PostgreSQL. The private Redis they stop and start is shared
with the tips tests (taskforce/testing/redis.py).

None of them touches the shared Redis on 6379 or the shared PostgreSQL server: a drill breaks only what it
started itself.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller

from taskforce.testing.redis import free_port

# ----- SMTP -------------------------------------------------------------------------------------------------------


@dataclass
class Inbox:
    """What an SMTP server saw: messages it accepted (answered 250) and every DATA it was sent."""

    accepted: list[dict] = field(default_factory=list)
    data_seen: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def recipients(self) -> list[str]:
        with self.lock:
            return [rcpt for message in self.accepted for rcpt in message["to"]]


class _Handler:
    """accept: 250 to every message. stall_first: the first DATA is never answered (until the server stops).
    refuse_data: answers DATA with `reply` (a 4xx or 5xx line). refuse_rcpt: refuses every recipient."""

    def __init__(self, inbox: Inbox, mode: str, reply: str, delay: float = 0.0):
        self.inbox, self.mode, self.reply, self.delay = inbox, mode, reply, delay
        self.release = asyncio.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "refuse_rcpt":
            return self.reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.inbox.lock:
            self.inbox.data_seen += 1
            first = self.inbox.data_seen == 1
        if self.mode == "stall_first" and first:
            await self.release.wait()
            return "451 4.3.0 Stalled message abandoned"
        if self.mode == "refuse_data":
            return self.reply
        if self.delay:  # a mail server that takes its time over each message: deliveries are caught in flight
            await asyncio.sleep(self.delay)
        with self.inbox.lock:
            self.inbox.accepted.append(
                {"to": list(envelope.rcpt_tos), "data": envelope.content.decode("utf8", errors="replace")}
            )
        return "250 Message accepted for delivery"


class SMTPServer:
    """A real SMTP server (aiosmtpd) on a free port of `host` (127.0.0.1 by default); `delay` seconds over each
    message it accepts."""

    def __init__(self, mode: str = "accept", reply: str = "", *, host: str = "127.0.0.1", delay: float = 0.0):
        self.inbox = Inbox()
        self.handler = _Handler(self.inbox, mode, reply, delay)
        self.host, self.port = host, free_port()
        self.controller = Controller(self.handler, hostname=host, port=self.port)

    def start(self) -> SMTPServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.loop.call_soon_threadsafe(self.handler.release.set)
        self.controller.stop()


class _Listener:
    """A TCP server on a free port of 127.0.0.1 that hands each connection to `accepted` in a thread of its own."""

    def __init__(self):
        self.port = free_port()
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.stopped = threading.Event()

    def start(self):
        self.listener.listen(50)
        self.listener.settimeout(0.2)
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def _accept(self):
        while not self.stopped.is_set():
            try:
                conn, _addr = self.listener.accept()
            except OSError:
                continue
            self.accepted(conn)

    def accepted(self, conn: socket.socket) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        self.stopped.set()
        self.listener.close()


class SilentServer(_Listener):
    """Accepts TCP connections and never says a word: an SMTP client waits for a greeting that never comes."""

    def __init__(self):
        super().__init__()
        self.held: list[socket.socket] = []

    def accepted(self, conn: socket.socket) -> None:
        self.held.append(conn)

    @property
    def connections(self) -> int:
        return len(self.held)

    def stop(self) -> None:
        super().stop()
        for conn in self.held:
            conn.close()


# ----- a TCP proxy in front of PostgreSQL -----------------------------------------------------------------------


class TCPProxy(_Listener):
    """Forwards 127.0.0.1:<port> to an upstream server. `cut()` breaks every open connection and refuses new ones
    (as a network failure or a database that went away would); `restore()` lets them through again."""

    def __init__(self, upstream_host: str, upstream_port: int):
        super().__init__()
        self.upstream = (upstream_host, upstream_port)
        self.open = threading.Event()
        self.open.set()
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()

    def accepted(self, client: socket.socket) -> None:
        if not self.open.is_set():
            client.close()
            return
        try:
            server = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            client.close()
            return
        server.settimeout(None)
        with self.lock:
            self.pairs.append((client, server))
        threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()
        threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket):
        try:
            while chunk := source.recv(65536):
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        self.open.clear()
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for client, server in pairs:
            for sock in (client, server):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def restore(self) -> None:
        self.open.set()

    def stop(self) -> None:
        self.cut()
        super().stop()
