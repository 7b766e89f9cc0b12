"""The analysts' package imports pydantic and the standard library only."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

_PROBE = """
import json, pkgutil, sys, importlib
import jobpeak_contracts
for module in pkgutil.walk_packages(jobpeak_contracts.__path__, "jobpeak_contracts."):
    importlib.import_module(module.name)
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""
_ALLOWED_THIRD_PARTY = {"pydantic", "pydantic_core", "typing_extensions", "typing_inspection"}
_ALLOWED_TOP_LEVEL = {"annotated_types", "jobpeak_contracts"}


def test_importing_every_module_loads_nothing_but_pydantic_and_the_standard_library() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(completed.stdout))

    foreign = loaded - sys.stdlib_module_names - _ALLOWED_THIRD_PARTY - _ALLOWED_TOP_LEVEL
    assert sorted(name for name in foreign if not name.startswith("_")) == []
