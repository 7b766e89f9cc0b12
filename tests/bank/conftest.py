"""Fixtures of the bank checks: both loaded pools and a worker pool that runs the selected cases.

Per-entry and per-file tests run over both question pools (certification and practice); the
closing summary prints the practice pool's figures.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from jobpeak_devstack.databases import asyncpg_dsn

_REPO_ROOT = Path(__file__).resolve().parents[2]
if str(_REPO_ROOT) not in sys.path:
    # With --import-mode=importlib the repository root is not on sys.path, and tests/ is not a
    # package, so ``tests.bank`` (the harness' own modules) would not import.
    sys.path.insert(0, str(_REPO_ROOT))

from tests.bank.cues import load_blueprint, measure  # noqa: E402
from tests.bank.cues import render as render_cues  # noqa: E402
from tests.bank.loader import Bank, BankFile, load_bank, load_practice, load_reserve  # noqa: E402
from tests.bank.model import BankEntry  # noqa: E402
from tests.bank.practice import render_figures  # noqa: E402
from tests.bank.runners import Outcome, Toolchain  # noqa: E402

DEFAULT_WORKERS = 2
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:15432/postgres"
VERIFICATION_TEST = "test_verification_cases_hold"


@functools.cache
def _loaded_bank() -> Bank:
    return load_bank()


@functools.cache
def _loaded_practice() -> Bank:
    return load_practice()


@functools.cache
def _loaded_reserve() -> Bank:
    return load_reserve()


@pytest.fixture(scope="session")
def reserve() -> Bank:
    """The reserve: inactive certification-quality items."""
    return _loaded_reserve()


@pytest.fixture(scope="session")
def bank() -> Bank:
    """The certification pool."""
    return _loaded_bank()


@pytest.fixture(scope="session")
def practice() -> Bank:
    """The practice pool."""
    return _loaded_practice()


def _file_id(bank_file: BankFile) -> str:
    return f"{bank_file.path.parent.name}/{bank_file.path.name}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """One test per questions file (``bank_file``) and per entry (``entry``) of every pool."""
    if "bank_file" in metafunc.fixturenames:
        files = _loaded_bank().files + _loaded_practice().files + _loaded_reserve().files
        metafunc.parametrize("bank_file", [pytest.param(f, id=_file_id(f)) for f in files])
    if "entry" not in metafunc.fixturenames:
        return
    entries = _loaded_bank().entries + _loaded_practice().entries + _loaded_reserve().entries
    if metafunc.function.__name__ != VERIFICATION_TEST:
        metafunc.parametrize("entry", [pytest.param(e, id=e.test_id) for e in entries])
        return
    params = []
    for entry in entries:
        verification = entry.runnable
        if verification is None:
            continue
        # A PostgreSQL case needs the shared stack; everything else runs on local tools.
        mark = pytest.mark.integration if verification.runner == "postgres" else pytest.mark.unit
        params.append(pytest.param(entry, id=entry.test_id, marks=mark))
    metafunc.parametrize("entry", params)


def _postgres_url(request: pytest.FixtureRequest) -> str:
    """The devstack's admin URL (as libpq reads it), else $JOBPEAK_BANK_POSTGRES_URL."""
    explicit = os.environ.get("JOBPEAK_BANK_POSTGRES_URL")
    if explicit:
        return explicit
    try:
        url = str(request.getfixturevalue("postgres_admin_url"))
    except pytest.FixtureLookupError:
        return DEFAULT_POSTGRES_URL
    return asyncpg_dsn(url)


def _selected_entries(session: pytest.Session) -> list[BankEntry]:
    entries = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        if getattr(item, "originalname", None) == VERIFICATION_TEST and callspec is not None:
            entries.append(callspec.params["entry"])
    return entries


@pytest.fixture(scope="session")
def verification_runs(
    request: pytest.FixtureRequest,
) -> Iterator[dict[str, list[Future[Outcome]]]]:
    """Starts every selected question's cases at once on a small pool; tests await their own.

    Submitting in collection order means the first tests' results are ready first while the
    pool keeps both workers busy on the ones that follow.
    """
    entries = _selected_entries(request.session)
    needs_postgres = any(
        entry.runnable is not None and entry.runnable.runner == "postgres" for entry in entries
    )
    toolchain = Toolchain(
        repo_root=_REPO_ROOT,
        cache_root=Path(os.environ.get("JOBPEAK_BANK_CACHE", _REPO_ROOT / ".cache/bank")),
        postgres_url=_postgres_url(request) if needs_postgres else None,
    )
    workers = int(os.environ.get("JOBPEAK_BANK_WORKERS", DEFAULT_WORKERS))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="bank") as pool:
        runs: dict[str, list[Future[Outcome]]] = {}
        for entry in entries:
            verification = entry.runnable
            assert verification is not None
            runs[entry.location] = [
                pool.submit(toolchain.run, runner=verification.runner, program=case.program)
                for case in verification.cases
            ]
        yield runs
        pool.shutdown(wait=True, cancel_futures=True)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Both pools' counts and cue figures, at the end of every run of the bank checks."""
    terminalreporter.write_sep("-", "certification pool figures")
    terminalreporter.write_line(render_figures(_loaded_bank()).replace("practice pool", "pool", 1))
    cues = measure("certification", _loaded_bank(), load_blueprint("certification"))
    terminalreporter.write_line("\n".join(render_cues(cues)))
    terminalreporter.write_sep("-", "practice pool figures")
    terminalreporter.write_line(render_figures(_loaded_practice()))
