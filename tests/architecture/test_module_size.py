"""No module of any package's ``src/`` grows past 300 lines: a longer one holds two things."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPOSITORY = Path(__file__).resolve().parents[2]
LIMIT = 300
SOURCES = ("contracts/src", "runtime/src", "deploy/src", "services/*/src", "tools/*/src")


def test_no_source_module_is_longer_than_the_limit() -> None:
    modules = [path for pattern in SOURCES for path in REPOSITORY.glob(f"{pattern}/**/*.py")]
    too_long = {
        str(path.relative_to(REPOSITORY)): lines
        for path in modules
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert len(modules) > 200
    assert too_long == {}
