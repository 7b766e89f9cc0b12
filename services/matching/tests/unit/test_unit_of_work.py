"""The PostgreSQL unit of work gives the use cases every repository their port names."""

from __future__ import annotations

import pytest
from jobpeak_matching.adapters.unit_of_work import SqlMatchingUnitOfWork
from jobpeak_matching.application.ports import MatchingUnitOfWork
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

pytestmark = pytest.mark.unit


def test_the_sql_unit_of_work_opens_every_repository_the_use_cases_use() -> None:
    # Typed as the port: mypy --strict checks that every repository conforms to its protocol.
    uow: MatchingUnitOfWork = SqlMatchingUnitOfWork(
        sessionmaker=async_sessionmaker(), topic_prefix="unit"
    )
    assert isinstance(uow, SqlMatchingUnitOfWork)
    uow.open_repositories(AsyncSession())  # an unbound session: nothing connects

    ports = {
        name for name, member in vars(MatchingUnitOfWork).items() if isinstance(member, property)
    }
    assert ports == {"locks", "specialties", "pool", "offers", "work"}
    assert ports <= vars(uow).keys()
