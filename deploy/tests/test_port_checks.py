"""``make up`` refuses, naming the port and the setting, when another process holds a port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from jobpeak_devstack.cli import main
from jobpeak_devstack.port_checks import PortNeed, PortsTaken, refuse_taken_ports

pytestmark = pytest.mark.unit


@pytest.fixture
def held_port() -> Iterator[int]:
    """A port some other program listens on."""
    with socket.socket() as stranger:
        stranger.bind(("127.0.0.1", 0))
        stranger.listen()
        yield int(stranger.getsockname()[1])


def need(port: int, *, ours: bool = False) -> PortNeed:
    return PortNeed(port, "the catalog service", "JOBPEAK_CATALOG_HTTP_PORT", lambda: ours)


def test_a_port_held_by_a_stranger_is_refused_with_the_setting_that_moves_it(
    held_port: int,
) -> None:
    with pytest.raises(PortsTaken) as refused:
        refuse_taken_ports([need(held_port)])
    assert refused.value.code == 2
    message = str(refused.value)
    assert f"127.0.0.1:{held_port} (the catalog service) is in use" in message
    assert "JOBPEAK_CATALOG_HTTP_PORT=<a free port>" in message


def test_a_port_held_by_our_own_process_is_fine(held_port: int) -> None:
    refuse_taken_ports([need(held_port, ours=True)])


def test_a_free_port_is_fine() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = int(probe.getsockname()[1])
    refuse_taken_ports([need(free)])


def test_make_up_refuses_before_starting_anything(
    held_port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JOBPEAK_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("JOBPEAK_KAFKA_PORT", str(held_port))
    with pytest.raises(PortsTaken, match=f"{held_port} \\(Kafka\\).*JOBPEAK_KAFKA_PORT="):
        main(["platform-up"])
    assert not (tmp_path / "stack").exists()
