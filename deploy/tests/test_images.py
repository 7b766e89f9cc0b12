"""The container path's own promises: the host's apt mirror is found, a missing image is named."""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pytest
from jobpeak_devstack.apt_sources import apt_mirror
from jobpeak_devstack.containers import docker_answers, start_containers
from jobpeak_devstack.images import BUILD_COMMAND


@pytest.mark.unit
def test_apt_mirror_is_read_from_one_line_and_deb822_sources(tmp_path: Path) -> None:
    one_line = tmp_path / "sources.list"
    one_line.write_text(
        "# deb http://commented.invalid/debian bookworm main\n"
        "deb [arch=amd64] https://elsewhere.invalid/apt cloud-sdk-bookworm main\n"
    )
    deb822 = tmp_path / "debian.sources"
    deb822.write_text(
        "Types: deb\nURIs: http://mirror.invalid/debian-security\nSuites: bookworm-security\n"
        "Components: main\n\n"
        "Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-updates\n"
        "Components: main contrib\n"
    )
    assert apt_mirror("bookworm", [one_line, deb822]) == "http://mirror.invalid/debian"
    one_line.write_text("deb [signed-by=/k.gpg] http://other.invalid/debian bookworm main\n")
    assert apt_mirror("bookworm", [one_line, deb822]) == "http://other.invalid/debian"
    with pytest.raises(RuntimeError, match="no apt source for Debian trixie"):
        apt_mirror("trixie", [one_line, deb822])


@pytest.mark.integration
def test_a_missing_image_names_the_build_command_and_starts_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if not docker_answers():
        pytest.skip("no Docker engine answers here; the local stack serves the tests")
    monkeypatch.setenv("JOBPEAK_TC_KAFKA_IMAGE", "jobpeak/kafka:0.0.0-never-built")
    with ExitStack() as stack, pytest.raises(RuntimeError) as failure:
        start_containers(stack)
    assert "jobpeak/kafka:0.0.0-never-built" in str(failure.value)
    assert BUILD_COMMAND in str(failure.value)
