"""A replica keeps the newest revision it has seen, whatever order the records arrive in."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from jobpeak_runtime.replicas import ReplicaRepository, keep_newer_revision, retire_at_revision
from sqlalchemy import Boolean, Column, Integer, MetaData, Table, Text, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

pytestmark = pytest.mark.integration

metadata = MetaData()
specialties = Table(
    "replica_specialties",
    metadata,
    Column("specialty_slug", Text, primary_key=True),
    Column("revision", Integer, nullable=False),
    Column("name", Text, nullable=False),
    Column("live", Boolean, nullable=False),
)


@pytest.fixture
async def session(database_url: str) -> AsyncIterator[AsyncSession]:
    engine = create_async_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(metadata.create_all)
    async with async_sessionmaker(engine)() as session:
        yield session
    await engine.dispose()


async def publish(session: AsyncSession, revision: int, name: str) -> bool:
    values = {"specialty_slug": "coding", "revision": revision, "name": name, "live": True}
    return await keep_newer_revision(session, specialties, values=values, key=("specialty_slug",))


async def retire(session: AsyncSession, revision: int) -> bool:
    return await retire_at_revision(
        session,
        specialties,
        key_values={"specialty_slug": "coding"},
        revision=revision,
        retired={"live": False},
        tombstone={"name": "coding"},
    )


async def stored(session: AsyncSession) -> dict[str, Any]:
    row = (await session.execute(select(specialties))).mappings().one()
    return dict(row)


async def test_older_and_equal_revisions_change_nothing(session: AsyncSession) -> None:
    assert await publish(session, 2, "Coding v2")
    assert not await publish(session, 1, "Coding v1")
    assert not await publish(session, 2, "Coding v2 again")
    assert await stored(session) == {
        "specialty_slug": "coding",
        "revision": 2,
        "name": "Coding v2",
        "live": True,
    }
    assert await publish(session, 3, "Coding v3")
    assert (await stored(session))["name"] == "Coding v3"


async def test_a_retirement_wins_over_older_snapshots_and_a_newer_one_revives(
    session: AsyncSession,
) -> None:
    assert await publish(session, 1, "Coding")
    assert await retire(session, 2)
    assert not await publish(session, 1, "Coding")
    assert not await retire(session, 2)
    assert await stored(session) == {
        "specialty_slug": "coding",
        "revision": 2,
        "name": "Coding",
        "live": False,
    }
    assert await publish(session, 3, "Coding again")
    assert (await stored(session))["live"] is True


async def test_a_retirement_seen_first_leaves_a_tombstone_an_older_snapshot_cannot_lift(
    session: AsyncSession,
) -> None:
    assert await retire(session, 5)
    assert not await publish(session, 4, "Coding")
    assert await stored(session) == {
        "specialty_slug": "coding",
        "revision": 5,
        "name": "coding",
        "live": False,
    }


class NameReplica(ReplicaRepository):
    """A service's replica as the services write them: table and key named once."""

    table = specialties
    key = ("specialty_slug",)

    async def publish(self, slug: str, *, revision: int, name: str) -> bool:
        return await self._store_if_newer(
            {"specialty_slug": slug, "revision": revision, "name": name, "live": True}
        )

    async def retire(self, slug: str, *, revision: int) -> bool:
        return await self._retire_if_newer(
            slug, revision=revision, retired={"live": False}, tombstone={"name": slug}
        )

    async def name(self, slug: str) -> str | None:
        row = await self._row(slug)
        return None if row is None else str(row["name"])


async def test_a_replica_repository_keeps_the_same_rule_on_its_own_table(
    session: AsyncSession,
) -> None:
    replica = NameReplica(session)
    assert await replica.name("coding") is None
    assert await replica.retire("coding", revision=2)
    assert not await replica.publish("coding", revision=1, name="Coding")
    assert await replica.name("coding") == "coding"
    assert await replica.publish("coding", revision=3, name="Coding again")
    assert await replica.name("coding") == "Coding again"
    assert await replica.name("design") is None
