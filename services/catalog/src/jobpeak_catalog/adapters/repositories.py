"""Reads and writes of the catalog's tables inside a unit of work; it never commits."""

from __future__ import annotations

from collections.abc import Sequence

from jobpeak_contracts.money import Money
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_catalog.adapters.tables import (
    BankVersionRow,
    BlueprintRow,
    QuestionRow,
    SpecialtyRow,
)
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.specialty import SpecialtyStatus


class CatalogRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def add(self, row: SpecialtyRow | BlueprintRow | QuestionRow | BankVersionRow) -> None:
        self._session.add(row)

    async def flush(self) -> None:
        await self._session.flush()

    async def specialty(self, slug: str, *, for_update: bool = False) -> SpecialtyRow | None:
        statement = select(SpecialtyRow).where(SpecialtyRow.slug == slug)
        if for_update:
            statement = statement.with_for_update()
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def specialties(self, *, status: SpecialtyStatus | None = None) -> list[SpecialtyRow]:
        statement = select(SpecialtyRow).order_by(SpecialtyRow.slug)
        if status is not None:
            statement = statement.where(SpecialtyRow.status == status.value)
        return list((await self._session.execute(statement)).scalars())

    async def live_ceilings(self) -> list[Money]:
        """The published rate ceilings of every live specialty on the platform."""
        rows = await self._session.execute(
            select(SpecialtyRow.live_ceiling_minor, SpecialtyRow.live_ceiling_currency).where(
                SpecialtyRow.status == SpecialtyStatus.PUBLISHED.value,
                SpecialtyRow.live_ceiling_minor.is_not(None),
            )
        )
        return [
            Money(amount_minor=amount, currency=currency)
            for amount, currency in rows
            if amount is not None and currency is not None
        ]

    async def blueprints(self, slug: str) -> dict[BlueprintKind, BlueprintRow]:
        rows = await self._session.execute(
            select(BlueprintRow).where(BlueprintRow.specialty_slug == slug)
        )
        return {BlueprintKind(row.kind): row for row in rows.scalars()}

    async def question(self, question_id: str, *, for_update: bool = False) -> QuestionRow | None:
        statement = select(QuestionRow).where(QuestionRow.id == question_id)
        if for_update:
            statement = statement.with_for_update()
        return (await self._session.execute(statement)).scalar_one_or_none()

    async def questions_by_id(self, question_ids: Sequence[str]) -> dict[str, QuestionRow]:
        if not question_ids:
            return {}
        rows = await self._session.execute(
            select(QuestionRow).where(QuestionRow.id.in_(question_ids)).with_for_update()
        )
        return {row.id: row for row in rows.scalars()}

    async def questions(
        self,
        *,
        specialty_slug: str | None = None,
        status: QuestionStatus | None = None,
        for_update: bool = False,
    ) -> list[QuestionRow]:
        statement = select(QuestionRow).order_by(QuestionRow.id)
        if specialty_slug is not None:
            statement = statement.where(QuestionRow.specialty_slug == specialty_slug)
        if status is not None:
            statement = statement.where(QuestionRow.status == status.value)
        if for_update:
            statement = statement.with_for_update()
        return list((await self._session.execute(statement)).scalars())

    async def bank_versions(self, slug: str) -> list[BankVersionRow]:
        rows = await self._session.execute(
            select(BankVersionRow)
            .where(BankVersionRow.specialty_slug == slug)
            .order_by(BankVersionRow.version)
        )
        return list(rows.scalars())
