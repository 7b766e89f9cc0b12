"""Attempts and their items: stored, loaded back into the domain's :class:`Attempt`.

Everything an attempt was graded from is stored with it (the blueprint, the question versions
served with keys, the option orders, the seed and the answers), so any result can be re-derived
offline. The score stored at submission is the one source of truth: a loaded submitted attempt
carries that score and is never graded again, so the result and the history always agree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_runtime.attributes import from_attributes
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_testing.adapters.bank_cache import LiveBankCache, question_text
from jobpeak_testing.adapters.codec import (
    answer_from_json,
    answer_json,
    blueprint_from_json,
    blueprint_json,
    question_from_json,
)
from jobpeak_testing.adapters.driver import DriverStatements
from jobpeak_testing.adapters.replica_statements import StartReads
from jobpeak_testing.adapters.start_statements import (
    ADD_ATTEMPT,
    START_CHECKS,
    items_json,
    start_checks_of,
)
from jobpeak_testing.adapters.tables import attempt_items, attempts
from jobpeak_testing.application.ports import AttemptSummary, OpenAttempt, StartChecks
from jobpeak_testing.domain.assembly import Draw
from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.grading import Score
from jobpeak_testing.domain.pool import pooled
from jobpeak_testing.domain.retakes import PastAttempt


class SqlAttemptRepository:
    def __init__(
        self,
        session: AsyncSession,
        *,
        bank_cache: LiveBankCache | None = None,
        reads: StartReads | None = None,
        driver: DriverStatements | None = None,
    ) -> None:
        self._session = session
        self._reads = reads
        self._driver = driver or DriverStatements(session)
        self._question_text = question_text if bank_cache is None else bank_cache.text_of

    async def lock_starts(self, *, candidate_id: str, specialty_slug: str) -> None:
        """Serialise attempt starts of one candidate in one specialty until the transaction ends.

        The partial unique index on in-progress attempts is the last line of defence; the lock
        makes concurrent starts queue, so the second sees the first's attempt (and entitlement).
        """
        await self._driver.lock(f"testing-start/{candidate_id}/{specialty_slug}")

    async def start_checks(
        self,
        *,
        attempt_id: UUID,
        candidate_id: str,
        specialty_slug: str,
        kind: BlueprintKind,
        practice_since: datetime | None,
    ) -> StartChecks:
        row = await self._driver.fetchrow(
            START_CHECKS,
            candidate_id,
            specialty_slug,
            attempt_id,
            AttemptStatus.IN_PROGRESS.value,
            kind.value,
            AttemptStatus.SUBMITTED.value,
            BlueprintKind.PRACTICE.value,
            practice_since,
        )
        assert row is not None  # the bank's aggregate answers one row
        if self._reads is not None:
            self._reads.keep_specialty(specialty_slug, row)
        return start_checks_of(row)

    async def history(
        self, *, candidate_id: str, specialty_slug: str, kind: BlueprintKind
    ) -> list[PastAttempt]:
        """Graded attempts of ``kind``, oldest first (voided ones never count)."""
        rows = await self._session.execute(
            select(attempts.c.ended_at, attempts.c.passed)
            .where(
                attempts.c.candidate_id == candidate_id,
                attempts.c.specialty_slug == specialty_slug,
                attempts.c.kind == kind.value,
                attempts.c.status == AttemptStatus.SUBMITTED.value,
            )
            .order_by(attempts.c.ended_at, attempts.c.attempt_id)
        )
        return [PastAttempt(ended_at=row.ended_at, passed=bool(row.passed)) for row in rows]

    async def add(self, attempt: Attempt, *, start_key: str | None) -> None:
        await self._driver.execute(
            ADD_ATTEMPT,
            attempt.id,
            attempt.candidate_id,
            attempt.specialty_slug,
            attempt.kind.value,
            attempt.status.value,
            attempt.order_id,
            attempt.attempt_number,
            json.dumps(blueprint_json(attempt.blueprint)),
            attempt.blueprint.blueprint_version,
            attempt.bank_version,
            attempt.draw.seed,
            start_key,
            attempt.started_at,
            items_json(attempt.draw.items, self._question_text),
        )

    async def load(
        self, *, attempt_id: UUID, candidate_id: str, for_update: bool = False
    ) -> Attempt | None:
        """The candidate's attempt ``attempt_id``; ``None`` if there is none of theirs."""
        query = select(attempts).where(
            attempts.c.attempt_id == attempt_id, attempts.c.candidate_id == candidate_id
        )
        if for_update:
            query = query.with_for_update()
        row = (await self._session.execute(query)).one_or_none()
        if row is None:
            return None
        items = (
            await self._session.execute(
                select(
                    attempt_items.c.question,
                    attempt_items.c.option_order,
                    attempt_items.c.answer,
                )
                .where(attempt_items.c.attempt_id == attempt_id)
                .order_by(attempt_items.c.position)
            )
        ).all()
        served = [question_from_json(item.question) for item in items]
        blueprint = blueprint_from_json(row.blueprint)
        return from_attributes(
            Attempt,
            row,
            id=row.attempt_id,
            blueprint=blueprint,
            draw=Draw.of(
                row.seed,
                [pooled(question) for question in served],
                [tuple(item.option_order) for item in items],
            ),
            answers={
                question.id: answer_from_json(question, item.answer)
                for question, item in zip(served, items, strict=True)
                if item.answer is not None
            },
            status=AttemptStatus(row.status),
            score=None
            if row.total_score is None
            else Score(
                row.total_score,
                row.domain_score,
                row.behavioural_score,
                blueprint.pass_mark,
                row.passed,
            ),
        )

    async def save_answer(self, attempt: Attempt, *, question_id: str, at: datetime) -> None:
        await self._session.execute(
            update(attempt_items)
            .where(
                attempt_items.c.attempt_id == attempt.id,
                attempt_items.c.question_id == question_id,
            )
            .values(answer=answer_json(attempt.answers[question_id]), answered_at=at)
        )

    async def save_outcome(self, attempt: Attempt) -> None:
        """Store the status, end and score the attempt reached."""
        values: dict[str, object] = {"status": attempt.status.value, "ended_at": attempt.ended_at}
        if attempt.score is not None:
            values |= {
                "total_score": attempt.score.total_score,
                "domain_score": attempt.score.domain_score,
                "behavioural_score": attempt.score.behavioural_score,
                "passed": attempt.score.passed,
            }
        await self._session.execute(
            update(attempts).where(attempts.c.attempt_id == attempt.id).values(**values)
        )

    async def open_in_specialty(self, *, specialty_slug: str) -> list[OpenAttempt]:
        """Attempts in progress in a specialty, locked until the transaction ends."""
        rows = await self._session.execute(
            select(attempts.c.attempt_id, attempts.c.candidate_id, attempts.c.order_id)
            .where(
                attempts.c.specialty_slug == specialty_slug,
                attempts.c.status == AttemptStatus.IN_PROGRESS.value,
            )
            .order_by(attempts.c.started_at)
            .with_for_update()
        )
        return [OpenAttempt(row.attempt_id, row.candidate_id, row.order_id) for row in rows]

    async def void(self, attempt_ids: Sequence[UUID], *, at: datetime) -> None:
        await self._session.execute(
            update(attempts)
            .where(
                attempts.c.attempt_id.in_(attempt_ids),
                attempts.c.status == AttemptStatus.IN_PROGRESS.value,
            )
            .values(status=AttemptStatus.VOIDED.value, ended_at=at)
        )

    async def summaries(
        self, *, candidate_id: str, specialty_slug: str | None, limit: int
    ) -> list[AttemptSummary]:
        query = select(
            attempts.c.attempt_id,
            attempts.c.specialty_slug,
            attempts.c.kind,
            attempts.c.status,
            attempts.c.attempt_number,
            attempts.c.started_at,
            attempts.c.ended_at,
            attempts.c.total_score,
            attempts.c.passed,
        ).where(attempts.c.candidate_id == candidate_id)
        if specialty_slug is not None:
            query = query.where(attempts.c.specialty_slug == specialty_slug)
        rows = await self._session.execute(
            query.order_by(attempts.c.started_at.desc(), attempts.c.attempt_id).limit(limit)
        )
        return [
            from_attributes(
                AttemptSummary,
                row,
                kind=BlueprintKind(row.kind),
                status=AttemptStatus(row.status),
            )
            for row in rows
        ]
