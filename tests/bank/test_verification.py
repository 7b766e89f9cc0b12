"""Proof by execution: every runnable case behaves as its question's key claims.

Each parameter is one question (``<language>:<id>``) and carries its own marker: ``integration``
for PostgreSQL (the shared stack), ``unit`` for everything that runs on local toolchains.
"""

from __future__ import annotations

from concurrent.futures import Future

import pytest

from tests.bank.judge import case_problems
from tests.bank.model import BankEntry
from tests.bank.runners import MissingToolchainError, Outcome


def test_verification_cases_hold(
    entry: BankEntry, verification_runs: dict[str, list[Future[Outcome]]]
) -> None:
    verification = entry.runnable
    assert verification is not None
    failures = []
    for case, run in zip(verification.cases, verification_runs[entry.location], strict=True):
        try:
            outcome = run.result()
        except MissingToolchainError as error:
            pytest.fail(f"{verification.runner}: {error}")
        failures += [
            f"case {case.name!r}: {problem}"
            for problem in case_problems(entry=entry, case=case, outcome=outcome)
        ]
    assert not failures, f"{entry.id} ({entry.location}):\n" + "\n".join(failures)
