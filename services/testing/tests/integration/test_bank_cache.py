"""The cached live bank on PostgreSQL: reused while the replica is unchanged, never stale."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import jobpeak_testing
import pytest
from jobpeak_contracts.events import QuestionRetired
from jobpeak_contracts.questions import QuestionPool
from jobpeak_runtime.migrate import run_migrations, service_migrations
from jobpeak_testing.adapters.bank_cache import LiveBankCache
from jobpeak_testing.adapters.replicas import SqlQuestionReplica
from jobpeak_testing.application.ports import LiveBank
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, create_async_engine

from services.testing.tests.samples import NOW, bank, questions_published

pytestmark = pytest.mark.integration


async def _live(
    engine: AsyncEngine,
    cache: LiveBankCache | None,
    pool: QuestionPool = QuestionPool.CERTIFICATION,
) -> LiveBank:
    async with AsyncSession(engine) as session, session.begin():
        return await SqlQuestionReplica(session, bank_cache=cache).live_bank("coding", pool=pool)


async def test_the_cached_bank_is_reused_until_a_record_changes_the_replica(
    database_url: str,
) -> None:
    await run_migrations(
        database_url=database_url,
        service_versions=service_migrations(Path(jobpeak_testing.__file__).parent),
    )
    engine = create_async_engine(database_url)
    cache = LiveBankCache()
    questions = bank()
    try:
        async with AsyncSession(engine) as session, session.begin():
            replica = SqlQuestionReplica(session)
            for event in questions_published(questions, bank_version=1):
                await replica.publish(event, at=NOW)

        first = await _live(engine, cache)
        again = await _live(engine, cache)
        assert [q.id for q in first.questions] == [q.id for q in again.questions]
        assert all(a is b for a, b in zip(first.questions, again.questions, strict=True))
        practice = await _live(engine, cache, QuestionPool.PRACTICE)
        assert {q.pool for q in practice.questions} <= {QuestionPool.PRACTICE}
        assert not {q.id for q in practice.questions} & {q.id for q in first.questions}
        assert {q.pool for q in first.questions} == {QuestionPool.CERTIFICATION}

        retired = QuestionRetired(
            question_id=questions[0].id, specialty_slug="coding", bank_version=2, retired_at=NOW
        )
        async with AsyncSession(engine) as session, session.begin():
            await SqlQuestionReplica(session).retire(retired, at=NOW + timedelta(seconds=1))

        after = await _live(engine, cache)
        uncached = await _live(engine, None)
        assert after.bank_version == uncached.bank_version == 2
        assert {q.id for q in after.questions} == {q.id for q in uncached.questions}
        assert questions[0].id not in {q.id for q in after.questions}
        assert len(after.questions) == len(questions) - 1
    finally:
        await engine.dispose()
