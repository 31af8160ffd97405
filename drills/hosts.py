"""Separate hosts on one machine: network namespaces (iproute2's `ip netns`) joined by veth pairs to a bridge, as
machines are joined by a switch. Each host has its own loopback, its own address and its own ports; a process
started on a host (`Host.start`) sees only that host's network. The root namespace, where the test runs, is the
operator's machine on the same switch (the bridge's address, `Network.gateway`).

Used by the several-machines drill (drills/tests/test_several_machines.py). Needs root (CAP_NET_ADMIN), as CI has.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from taskforce.testing.plugin import missing

IP = "/usr/sbin/ip" if Path("/usr/sbin/ip").exists() else "ip"


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([IP, *args], check=check, capture_output=True, text=True)  # noqa: S603 - iproute2


def require_namespaces() -> None:
    if not shutil.which(IP) or os.geteuid() != 0:
        missing("needs iproute2 and root (network namespaces)")
    probe = _ip("netns", "add", "tfprobe", check=False)
    if probe.returncode != 0:
        missing(f"cannot make a network namespace: {probe.stderr.strip()}")
    _ip("netns", "del", "tfprobe", check=False)


@dataclass
class Host:
    """One machine: the namespace `ns`, its address, and the processes started on it."""

    network: Network
    name: str
    address: str
    procs: list[subprocess.Popen] = field(default_factory=list)

    @property
    def ns(self) -> str:
        return f"{self.network.prefix}-{self.name}"

    @property
    def link(self) -> str:  # the bridge's end of the host's cable
        return f"{self.network.prefix}{self.name}"[:15]

    def start(self, *cmd: str, env: dict, log: Path, cwd: Path) -> subprocess.Popen:
        out = open(log, "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(  # noqa: S603 - the drill's own commands
            [IP, "netns", "exec", self.ns, *cmd],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def pids(self) -> list[int]:
        listed = _ip("netns", "pids", self.ns, check=False).stdout.split()
        return [int(pid) for pid in listed if pid.isdigit()]

    def power_off(self) -> None:
        """Every process on the host killed at once (SIGKILL), as when a machine loses power."""
        for pid in self.pids():
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for proc in self.procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass

    def unplug(self) -> None:
        """The host's cable pulled: its processes run on, nobody reaches them and they reach nobody."""
        _ip("link", "set", self.link, "down")

    def plug(self) -> None:
        _ip("link", "set", self.link, "up")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 20
        for proc in self.procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.power_off()


class Network:
    """A bridge `<prefix>br` with the address `<subnet>.1` in the root namespace, and hosts on `<subnet>.<n>`."""

    def __init__(self, prefix: str = "tf22", subnet: str = "10.222.0"):
        self.prefix, self.subnet = prefix, subnet
        self.bridge = f"{prefix}br"
        self.gateway = f"{subnet}.1"
        self.hosts: dict[str, Host] = {}
        self.extra_addresses: list[str] = []

    def up(self) -> Network:
        self.down()  # what an interrupted run left behind
        _ip("link", "add", self.bridge, "type", "bridge")
        _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")
        return self

    def host(self, name: str, n: int) -> Host:
        host = Host(self, name, f"{self.subnet}.{n}")
        _ip("netns", "add", host.ns)
        _ip("link", "add", host.link, "type", "veth", "peer", "name", "eth0", "netns", host.ns)
        _ip("link", "set", host.link, "master", self.bridge)
        _ip("link", "set", host.link, "up")
        for args in (
            ("addr", "add", f"{host.address}/24", "dev", "eth0"),
            ("link", "set", "eth0", "up"),
            ("link", "set", "lo", "up"),
        ):
            _ip("-n", host.ns, *args)
        self.hosts[name] = host
        return host

    def client_addresses(self, first: int, count: int) -> list[str]:
        """More addresses of the root namespace on the bridge: people at distinct addresses."""
        addresses = [f"{self.subnet}.{n}" for n in range(first, first + count)]
        for address in addresses:
            _ip("addr", "add", f"{address}/32", "dev", self.bridge)
        return addresses

    def down(self) -> None:
        for host in self.hosts.values():
            host.stop()
        listed = _ip("netns", "list", check=False).stdout.split("\n")
        for line in listed:
            name = line.split(" ")[0]
            if name.startswith(f"{self.prefix}-"):
                for pid in _ip("netns", "pids", name, check=False).stdout.split():
                    try:
                        os.kill(int(pid), signal.SIGKILL)
                    except (ProcessLookupError, ValueError):
                        pass
                _ip("netns", "del", name, check=False)
        _ip("link", "del", self.bridge, check=False)
        self.hosts = {}
