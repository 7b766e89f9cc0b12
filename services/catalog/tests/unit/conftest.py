"""Fixtures of the catalog's fake-backed use-case tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import read_seed_directory
from jobpeak_catalog.domain.seed import SeedBundle

from services.catalog.tests.unit.fakes import FakeCatalogUnitOfWork


@pytest.fixture(scope="session")
def writing(writing_seed_dir: Path) -> SeedBundle:
    """The small technical-writing seed: 16 certification questions and 12 practice ones, exactly
    enough to publish, and 2 reserve items."""
    return read_seed_directory(writing_seed_dir)


@pytest.fixture
def uow() -> FakeCatalogUnitOfWork:
    """One in-memory catalog; each ``async with uow`` is one transaction on it."""
    return FakeCatalogUnitOfWork()
