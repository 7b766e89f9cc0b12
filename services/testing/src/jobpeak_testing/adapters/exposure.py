"""Per-item exposure of the certification pool: one counter row per item, raised per serving.

A start raises the counters of the items it drew in one statement, in question-id order, so two
starts sharing items lock the rows in the same order and never deadlock. The row that crosses
the cap gets ``capped_at`` in the same transaction, so the cap is announced exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_testing.adapters.tables import item_exposure
from jobpeak_testing.application.ports import CappedItem


class SqlExposureRepository(SqlRepository):
    async def served_counts(self, *, specialty_slug: str) -> dict[str, int]:
        rows = await self._session.execute(
            select(item_exposure.c.question_id, item_exposure.c.served_count).where(
                item_exposure.c.specialty_slug == specialty_slug
            )
        )
        return {row.question_id: row.served_count for row in rows}

    async def record_served(
        self, *, specialty_slug: str, question_ids: Sequence[str], cap: int, at: datetime
    ) -> list[CappedItem]:
        if not question_ids:
            return []
        statement = insert(item_exposure).values(
            [
                {"question_id": question_id, "specialty_slug": specialty_slug, "served_count": 1}
                for question_id in sorted(set(question_ids))
            ]
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=[item_exposure.c.question_id],
                set_={"served_count": item_exposure.c.served_count + 1},
            )
        )
        capped = await self._session.execute(
            update(item_exposure)
            .where(
                item_exposure.c.question_id.in_(question_ids),
                item_exposure.c.served_count >= cap,
                item_exposure.c.capped_at.is_(None),
            )
            .values(capped_at=at)
            .returning(item_exposure.c.question_id, item_exposure.c.served_count)
        )
        return sorted(CappedItem(row.question_id, row.served_count) for row in capped)
