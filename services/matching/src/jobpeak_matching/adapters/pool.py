"""The reviewer pool and the passes parked until their specialty is known."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import ColumnElement, RowMapping, and_, delete, exists, or_, select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_matching.adapters.tables import offers, parked_passes, reviewers, work
from jobpeak_matching.domain.pool import Pass, Reviewer


class SqlReviewerPool(SqlRepository):
    async def add(self, reviewer: Reviewer, *, passed: Pass) -> bool:
        """Pool ``reviewer``; False (nothing stored) if already pooled in this specialty."""
        statement = (
            insert(reviewers)
            .values(
                candidate_id=reviewer.candidate_id,
                specialty_slug=reviewer.specialty_slug,
                attempt_id=passed.attempt_id,
                score=passed.score,
                qualified_at=reviewer.qualified_at,
                due_by=reviewer.due_by,
            )
            .on_conflict_do_nothing(
                index_elements=[reviewers.c.candidate_id, reviewers.c.specialty_slug]
            )
            .returning(reviewers.c.candidate_id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def park(self, passed: Pass, *, at: datetime) -> None:
        await self._session.execute(
            insert(parked_passes)
            .values(
                attempt_id=passed.attempt_id,
                candidate_id=passed.candidate_id,
                specialty_slug=passed.specialty_slug,
                score=passed.score,
                qualified_at=passed.qualified_at,
                parked_at=at,
            )
            .on_conflict_do_nothing(index_elements=[parked_passes.c.attempt_id])
        )

    async def unpark(self, specialty_slug: str) -> list[Pass]:
        """Remove and return the passes parked for ``specialty_slug``, oldest first."""
        rows = await self._session.execute(
            delete(parked_passes)
            .where(parked_passes.c.specialty_slug == specialty_slug)
            .returning(parked_passes)
        )
        parked = [
            Pass(
                attempt_id=row.attempt_id,
                candidate_id=row.candidate_id,
                specialty_slug=row.specialty_slug,
                score=row.score,
                qualified_at=row.qualified_at,
            )
            for row in rows
        ]
        return sorted(parked, key=lambda p: (p.qualified_at, str(p.attempt_id)))

    async def get(self, *, candidate_id: str, specialty_slug: str) -> Reviewer | None:
        row = (
            await self._session.execute(
                select(reviewers).where(
                    reviewers.c.candidate_id == candidate_id,
                    reviewers.c.specialty_slug == specialty_slug,
                )
            )
        ).first()
        return None if row is None else reviewer_of(row._mapping)

    async def waiting(self, specialty_slug: str) -> list[Reviewer]:
        """Reviewers of the specialty holding no pending or accepted offer, who may take some
        open work of it: its languages within their preferences, not offered to them before.

        A coarse test (the planner applies every rule): it only spares each round reading and
        planning over reviewers that no open work can go to.
        """
        engaged = exists().where(
            offers.c.candidate_id == reviewers.c.candidate_id,
            offers.c.status.in_(("offered", "accepted")),
        )
        offered_before = (
            exists()
            .where(
                offers.c.work_id == work.c.work_id,
                offers.c.candidate_id == reviewers.c.candidate_id,
            )
            .correlate_except(offers)
        )
        open_work_left = exists().where(
            work.c.specialty_slug == reviewers.c.specialty_slug,
            work.c.status == "open",
            or_(
                reviewers.c.language_preferences.is_(None),
                work.c.required_languages.op("<@")(reviewers.c.language_preferences),
            ),
            ~offered_before,
        )
        rows = await self._session.execute(
            select(reviewers).where(
                reviewers.c.specialty_slug == specialty_slug, ~engaged, open_work_left
            )
        )
        return [reviewer_of(row._mapping) for row in rows]

    async def everyone(self) -> list[Reviewer]:
        rows = await self._session.execute(select(reviewers))
        return [reviewer_of(row._mapping) for row in rows]

    async def record_match(self, reviewer: Reviewer) -> None:
        await self._session.execute(
            update(reviewers).where(_entry_of(reviewer)).values(matched_at=reviewer.matched_at)
        )

    async def save_language_preferences(self, reviewer: Reviewer) -> None:
        """Store ``reviewer.language_preferences`` (NULL meaning all), sorted for stable rows."""
        preferences = reviewer.language_preferences
        await self._session.execute(
            update(reviewers)
            .where(_entry_of(reviewer))
            .values(language_preferences=None if preferences is None else sorted(preferences))
        )

    async def possibly_in_breach(self, *, now: datetime, limit: int) -> list[Reviewer]:
        """Reviewers past due-by without a recorded breach, locked for this transaction.

        ``SKIP LOCKED`` lets a second process pass over rows another one is recording.
        """
        rows = await self._session.execute(
            select(reviewers)
            .where(
                reviewers.c.sla_breached_at.is_(None),
                reviewers.c.due_by <= now,
                or_(
                    reviewers.c.matched_at.is_(None),
                    reviewers.c.matched_at >= reviewers.c.due_by,
                ),
            )
            .order_by(reviewers.c.due_by, reviewers.c.candidate_id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [reviewer_of(row._mapping) for row in rows]

    async def record_breach(self, reviewer: Reviewer) -> bool:
        result = await self._session.execute(
            update(reviewers)
            .where(_entry_of(reviewer), reviewers.c.sla_breached_at.is_(None))
            .values(sla_breached_at=reviewer.sla_breached_at)
            .returning(reviewers.c.candidate_id)
        )
        return result.first() is not None


def _entry_of(reviewer: Reviewer) -> ColumnElement[bool]:
    """The row of ``reviewer``'s pool entry (one per candidate and specialty)."""
    return and_(
        reviewers.c.candidate_id == reviewer.candidate_id,
        reviewers.c.specialty_slug == reviewer.specialty_slug,
    )


def reviewer_of(values: RowMapping) -> Reviewer:
    preferences: Sequence[str] | None = values["language_preferences"]
    return Reviewer(
        candidate_id=values["candidate_id"],
        specialty_slug=values["specialty_slug"],
        qualified_at=values["qualified_at"],
        due_by=values["due_by"],
        language_preferences=None if preferences is None else frozenset(preferences),
        matched_at=values["matched_at"],
        sla_breached_at=values["sla_breached_at"],
    )
