"""The seed command: all or nothing, with every problem printed, and idempotent on re-runs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.integration


async def test_a_broken_seed_directory_is_refused_and_nothing_is_written(
    catalog: Any, command_process: Any, writing_seed_dir: Path, tmp_path: Path
) -> None:
    """Through a real child process: exit status and stderr are what an operator sees."""
    directory = tmp_path / "seed"
    shutil.copytree(writing_seed_dir, directory)
    bank = directory / "questions" / "bank.yaml"
    bank.write_text(
        bank.read_text(encoding="utf-8")
        .replace("answer: b\n", "answer: e\n", 1)
        .replace("topic: clarity", "topic: poetry", 1),
        encoding="utf-8",
    )

    result = await command_process("import-bank", str(directory), "--publish")

    assert result.returncode == 2
    assert "refused, nothing was written" in result.stderr
    assert f"{bank}: questions[0].answer:" in result.stderr
    assert f"{bank}: questions[1].topic:" in result.stderr
    assert (await catalog.admin.get("/admin/specialties")).json() == []
    assert await catalog.outbox_rows() == 0


async def test_re_running_the_seed_command_changes_nothing(
    catalog: Any, catalog_command: Any, writing_seed_dir: Path
) -> None:
    first = await catalog_command("import-bank", str(writing_seed_dir), "--publish")
    assert first.returncode == 0, first.stderr

    again = await catalog_command("import-bank", str(writing_seed_dir), "--publish")

    assert again.returncode == 0, again.stderr
    assert "questions created 0, updated 0, unchanged 30" in again.stdout
    assert "nothing changed since revision 1; nothing sent" in again.stdout
    assert await catalog.outbox_rows() == 1 + 16 + 12  # both pools; the reserve stays home
