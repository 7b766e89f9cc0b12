"""The import contracts in `.importlinter` hold on the real tree and catch a wrong import.

The wrong import is planted in a copy of the packages in a temporary directory, which comes first
on `PYTHONPATH` so `lint-imports` analyses the copy; the working tree is never written to.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

REPOSITORY = Path(__file__).resolve().parents[2]
LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")
PACKAGE_SOURCES = {
    "jobpeak_contracts": "contracts/src",
    "jobpeak_runtime": "runtime/src",
    "jobpeak_devstack": "deploy/src",
    "jobpeak_catalog": "services/catalog/src",
    "jobpeak_testing": "services/testing/src",
    "jobpeak_billing": "services/billing/src",
    "jobpeak_matching": "services/matching/src",
    "jobpeak_tap": "tools/tap/src",
    "jobpeak_journey": "tools/journey/src",
}


def lint_imports(*, cwd: Path, python_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ)
    if python_path is not None:
        environment["PYTHONPATH"] = str(python_path)
    return subprocess.run(
        [LINT_IMPORTS, "--no-logo", "--no-cache", str(REPOSITORY / ".importlinter")],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def verdicts(output: str) -> dict[str, str]:
    """`{contract name: "KEPT" | "BROKEN"}` from the report's summary lines."""
    found: dict[str, str] = {}
    for line in output.splitlines():
        for verdict in ("KEPT", "BROKEN"):
            if line.rstrip().endswith(verdict):
                found[line.rstrip().removesuffix(verdict).strip()] = verdict
    return found


def test_the_real_tree_keeps_every_contract() -> None:
    result = lint_imports(cwd=REPOSITORY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert verdicts(result.stdout)
    assert set(verdicts(result.stdout).values()) == {"KEPT"}


@pytest.mark.parametrize(
    ("importer", "imported", "broken_contract"),
    [
        (
            "jobpeak_contracts",
            "jobpeak_runtime",
            "Contracts import nothing of the runtime, the devstack, the services or the tools",
        ),
        ("jobpeak_runtime", "jobpeak_matching", "The runtime imports no service and no tool"),
        ("jobpeak_billing", "jobpeak_catalog", "The four services are independent of each other"),
    ],
)
def test_a_wrong_import_fails_naming_the_contract_it_breaks(
    tmp_path: Path, importer: str, imported: str, broken_contract: str
) -> None:
    for package, source in PACKAGE_SOURCES.items():
        shutil.copytree(
            REPOSITORY / source / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__"),
        )
    (tmp_path / importer / "planted_wrong_import.py").write_text(f"import {imported}\n")

    result = lint_imports(cwd=tmp_path, python_path=tmp_path)

    assert result.returncode != 0
    assert verdicts(result.stdout)[broken_contract] == "BROKEN", result.stdout
    assert f"{importer}.planted_wrong_import -> {imported}" in result.stdout
