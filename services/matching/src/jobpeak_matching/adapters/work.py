"""Posted work: reads and writes of :class:`WorkItem`."""

from __future__ import annotations

from uuid import UUID

from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import RowMapping, select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_matching.adapters.tables import work
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.work import WorkCloseReason, WorkItem, WorkStatus


class SqlWorkRepository(SqlRepository):
    async def get(self, work_id: UUID, *, for_update: bool = False) -> WorkItem | None:
        statement = select(work).where(work.c.work_id == work_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).first()
        return None if row is None else _work_of(row._mapping)

    async def add(self, item: WorkItem) -> bool:
        """Store new work; False (nothing stored) if its id is taken, e.g. by a retried post."""
        statement = (
            insert(work)
            .values(
                work_id=item.work_id,
                client_id=item.client_id,
                specialty_slug=item.specialty_slug,
                required_languages=sorted(item.required_languages),
                rate_amount_minor=item.hourly_rate.amount_minor,
                rate_currency=item.hourly_rate.currency,
                seats=item.seats,
                starts_at=item.starts_at,
                posted_at=item.posted_at,
                status=item.status.value,
            )
            .on_conflict_do_nothing(index_elements=[work.c.work_id])
            .returning(work.c.work_id)
        )
        return (await self._session.execute(statement)).first() is not None

    async def open_in(self, specialty_slug: str) -> list[WorkItem]:
        rows = await self._session.execute(
            select(work)
            .where(work.c.specialty_slug == specialty_slug, work.c.status == "open")
            .order_by(work.c.posted_at, work.c.work_id)
        )
        return [_work_of(row._mapping) for row in rows]

    async def save_closed(self, item: WorkItem) -> None:
        await self._session.execute(
            update(work)
            .where(work.c.work_id == item.work_id)
            .values(
                status=item.status.value,
                close_reason=item.close_reason.value if item.close_reason else None,
                closed_at=item.closed_at,
            )
        )


def _work_of(values: RowMapping) -> WorkItem:
    reason = values["close_reason"]
    return WorkItem(
        work_id=values["work_id"],
        client_id=values["client_id"],
        specialty_slug=values["specialty_slug"],
        required_languages=frozenset(values["required_languages"]),
        hourly_rate=Money(values["rate_amount_minor"], values["rate_currency"]),
        seats=values["seats"],
        starts_at=values["starts_at"],
        posted_at=values["posted_at"],
        status=WorkStatus(values["status"]),
        close_reason=None if reason is None else WorkCloseReason(reason),
        closed_at=values["closed_at"],
    )
