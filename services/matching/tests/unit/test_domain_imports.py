"""Importing a light domain module must not pay for the solvers behind the assignment engine."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit


def test_importing_domain_money_loads_neither_scipy_nor_ortools() -> None:
    probe = (
        "import sys, jobpeak_matching.domain.money; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'scipy', 'ortools'}))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == "[]"
