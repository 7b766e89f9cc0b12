"""The local replicas of the catalog: specialties and their question bank.

Both topics are compacted and may be re-read from the beginning (a fresh database, a new consumer
group) or delivered again out of order across a rebuild, so every write keeps the newest version
it has seen: a specialty's highest ``revision`` (the runtime's one rule, retirements included), a
question's highest ``bank_version``. Applying an older record again changes nothing. Questions keep
their own upsert: it applies a record of an equal bank version again (``<=``, the later record of
one version wins), where the runtime's rule keeps the first of equal revisions.
"""

from __future__ import annotations

from datetime import datetime

import asyncpg
from jobpeak_contracts.events import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_runtime.replicas import ReplicaRepository
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_testing.adapters.bank_cache import BankFingerprint, LiveBankCache, SnapshotCache
from jobpeak_testing.adapters.codec import question_from_json, question_json
from jobpeak_testing.adapters.driver import DriverStatements
from jobpeak_testing.adapters.replica_statements import (
    BANK_FINGERPRINT,
    SPECIALTY,
    SPECIALTY_LOCKED,
    StartReads,
    fingerprint_of,
)
from jobpeak_testing.adapters.tables import questions, specialties
from jobpeak_testing.application.ports import LiveBank, SpecialtyState


class SqlSpecialtyReplica(ReplicaRepository):
    table = specialties
    key = ("specialty_slug",)

    def __init__(
        self,
        session: AsyncSession,
        *,
        snapshots: SnapshotCache | None = None,
        reads: StartReads | None = None,
        driver: DriverStatements | None = None,
    ) -> None:
        super().__init__(session)
        self._driver = driver or DriverStatements(session)
        self._snapshots = snapshots
        self._reads = reads

    async def publish(self, event: SpecialtyPublished, *, at: datetime) -> bool:
        """Keep ``event`` unless a later revision is stored; whether it was kept."""
        return await self._store_if_newer(
            {
                "specialty_slug": event.specialty_slug,
                "revision": event.revision,
                "snapshot": event.model_dump(mode="json"),
                "retired_at": None,
                "updated_at": at,
            }
        )

    async def retire(self, event: SpecialtyRetired, *, at: datetime) -> bool:
        """Mark the specialty retired unless a later revision is stored; whether it was."""
        return await self._retire_if_newer(
            event.specialty_slug,
            revision=event.revision,
            retired={"retired_at": event.retired_at, "updated_at": at},
            tombstone={"snapshot": None},
        )

    async def state(
        self, specialty_slug: str, *, share_lock: bool = False
    ) -> SpecialtyState | None:
        """The specialty as last seen; ``share_lock`` holds off its retirement until commit.

        The validated snapshot is reused while the row's revision and ``updated_at`` are those
        it was validated at (a write of the replica changes ``updated_at``).
        """
        row = None
        if share_lock and self._reads is not None:
            row = self._reads.take_specialty(specialty_slug)
        if row is None:
            row = await self._read(specialty_slug, share_lock=share_lock)
        if row is None or row["revision"] is None:
            return None
        retired = row["retired_at"] is not None
        text = row["snapshot"]
        if text is None:
            return SpecialtyState(snapshot=None, retired=retired)
        version = (specialty_slug, row["revision"], row["updated_at"])
        snapshot = self._snapshots.get(version) if self._snapshots is not None else None
        if snapshot is None:
            snapshot = SpecialtyPublished.model_validate_json(text)
            if self._snapshots is not None:
                self._snapshots.put(version, snapshot)
        return SpecialtyState(snapshot=snapshot, retired=retired)

    async def _read(self, specialty_slug: str, *, share_lock: bool) -> asyncpg.Record | None:
        return await self._driver.fetchrow(
            SPECIALTY_LOCKED if share_lock else SPECIALTY, specialty_slug
        )

    async def live_slugs(self) -> list[str]:
        rows = await self._session.execute(
            select(specialties.c.specialty_slug)
            .where(specialties.c.snapshot.is_not(None), specialties.c.retired_at.is_(None))
            .order_by(specialties.c.specialty_slug)
        )
        return list(rows.scalars())


class SqlQuestionReplica:
    def __init__(
        self,
        session: AsyncSession,
        *,
        bank_cache: LiveBankCache | None = None,
        reads: StartReads | None = None,
        driver: DriverStatements | None = None,
    ) -> None:
        self._session = session
        self._driver = driver or DriverStatements(session)
        self._bank_cache = bank_cache
        self._reads = reads

    async def publish(self, event: QuestionPublished, *, at: datetime) -> None:
        statement = insert(questions).values(
            question_id=event.question_id,
            specialty_slug=event.specialty_slug,
            bank_version=event.bank_version,
            pool=event.question.pool.value,
            content=question_json(event.question),
            retired_at=None,
            updated_at=at,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[questions.c.question_id],
                set_={
                    "specialty_slug": statement.excluded.specialty_slug,
                    "bank_version": statement.excluded.bank_version,
                    "pool": statement.excluded.pool,
                    "content": statement.excluded.content,
                    "retired_at": None,
                    "updated_at": statement.excluded.updated_at,
                },
                where=questions.c.bank_version <= statement.excluded.bank_version,
            )
        )

    async def retire(self, event: QuestionRetired, *, at: datetime) -> None:
        statement = insert(questions).values(
            question_id=event.question_id,
            specialty_slug=event.specialty_slug,
            bank_version=event.bank_version,
            content=None,
            retired_at=event.retired_at,
            updated_at=at,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[questions.c.question_id],
                set_={
                    "bank_version": statement.excluded.bank_version,
                    "retired_at": statement.excluded.retired_at,
                    "updated_at": statement.excluded.updated_at,
                },
                where=questions.c.bank_version <= statement.excluded.bank_version,
            )
        )

    async def live_bank(self, specialty_slug: str, *, pool: Pool) -> LiveBank:
        """The specialty's live questions of ``pool`` (with keys) and the bank version.

        The bank version counts every pool: it is the catalog's one version of the whole bank.
        With a cache, validated questions are reused while the replica's fingerprint for the
        specialty is unchanged (see :mod:`jobpeak_testing.adapters.bank_cache`).
        """
        cache_key = f"{specialty_slug}/{pool.value}"
        if self._bank_cache is not None:
            read = None if self._reads is None else self._reads.take_fingerprint(specialty_slug)
            fingerprint = read or await self._fingerprint(specialty_slug)
            cached = self._bank_cache.get(cache_key, fingerprint)
            if cached is not None:
                return LiveBank(
                    questions=list(cached.questions),
                    bank_version=fingerprint.bank_version,
                    indexed=cached.indexed,
                )
        rows = (
            await self._session.execute(
                select(
                    questions.c.content,
                    questions.c.pool,
                    questions.c.retired_at,
                    questions.c.bank_version,
                    questions.c.updated_at,
                ).where(questions.c.specialty_slug == specialty_slug)
            )
        ).all()
        # Fingerprint and questions from one statement, so they describe the same state.
        live_rows = [row for row in rows if row.retired_at is None]
        live = tuple(question_from_json(row.content) for row in live_rows if row.pool == pool.value)
        fingerprint = BankFingerprint(
            bank_version=max((row.bank_version for row in rows), default=0),
            version_sum=sum(row.bank_version for row in rows),
            rows=len(rows),
            live=len(live_rows),
            last_update=max((row.updated_at for row in rows), default=None),
        )
        if self._bank_cache is None:
            return LiveBank(questions=list(live), bank_version=fingerprint.bank_version)
        cached = self._bank_cache.put(cache_key, fingerprint, live, pool=pool)
        return LiveBank(
            questions=list(live), bank_version=fingerprint.bank_version, indexed=cached.indexed
        )

    async def _fingerprint(self, specialty_slug: str) -> BankFingerprint:
        row = await self._driver.fetchrow(BANK_FINGERPRINT, specialty_slug)
        assert row is not None  # an aggregate always answers one row
        return fingerprint_of(row)
