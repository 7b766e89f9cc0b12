"""Before ``make up`` starts anything: every port it needs is free, or already its own.

A port held by some other process used to go unnoticed: the service or broker that should have
listened there died, the readiness probe reached the stranger, and ``make up`` reported ready.
Now it refuses, naming the port, who needed it and the setting that moves it.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PortNeed:
    """A loopback port the stack or a service will listen on."""

    port: int
    needed_by: str
    setting: str
    already_ours: Callable[[], bool]
    """Whether our own process already runs there (then the port is rightly taken)."""


class PortsTaken(SystemExit):
    """Some needed port is held by another process; the message says which and what to set."""


def is_taken(port: int) -> bool:
    """Whether something listens on 127.0.0.1:``port`` (or on every address)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno in (errno.EADDRINUSE, errno.EACCES)
    return False


def refuse_taken_ports(needs: Iterable[PortNeed]) -> None:
    """Raise :class:`PortsTaken` (exit status 2) listing every port another process holds."""
    conflicts = [need for need in needs if not need.already_ours() and is_taken(need.port)]
    if not conflicts:
        return
    lines = ["[up] refusing to start: ports already taken by other processes"]
    lines += [
        f"  127.0.0.1:{need.port} ({need.needed_by}) is in use: stop what holds it"
        f" (ss -ltnp 'sport = :{need.port}') or set {need.setting}=<a free port>"
        for need in conflicts
    ]
    error = PortsTaken("\n".join(lines))
    error.code = 2
    raise error
