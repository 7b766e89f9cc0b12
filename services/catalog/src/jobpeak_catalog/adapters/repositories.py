"""The catalog's repositories on PostgreSQL, inside one unit of work's session; they never commit.

Reads return records (plain values); writes copy a record onto its row. Rows read earlier in
the same transaction stay in the session's identity map, so an update after a read (``FOR
UPDATE`` where the use case asked for it) costs no second query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jobpeak_contracts.money import Money
from jobpeak_runtime.repositories import SqlRepository
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_catalog.adapters.mapping import (
    apply_blueprint,
    apply_question_record,
    apply_specialty,
    blueprint_from_row,
    question_record_from_row,
    specialty_from_row,
)
from jobpeak_catalog.adapters.tables import (
    BankVersionRow,
    BlueprintRow,
    IdempotencyKeyRow,
    QuestionRow,
    SpecialtyRow,
)
from jobpeak_catalog.application.ports import (
    BankVersionRecord,
    BlueprintRecord,
    QuestionRecord,
    SpecialtyRecord,
    StoredResponse,
)
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import BlueprintKind
from jobpeak_catalog.domain.specialty import SpecialtyStatus


class SqlSpecialtyRepository(SqlRepository):
    async def get(self, slug: str, *, for_update: bool = False) -> SpecialtyRecord | None:
        statement = select(SpecialtyRow).where(SpecialtyRow.slug == slug)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).scalar_one_or_none()
        return specialty_from_row(row) if row is not None else None

    async def find_all(self, *, status: SpecialtyStatus | None = None) -> list[SpecialtyRecord]:
        statement = select(SpecialtyRow).order_by(SpecialtyRow.slug)
        if status is not None:
            statement = statement.where(SpecialtyRow.status == status.value)
        return [
            specialty_from_row(row) for row in (await self._session.execute(statement)).scalars()
        ]

    async def add(self, specialty: SpecialtyRecord) -> None:
        row = SpecialtyRow(slug=specialty.slug)
        apply_specialty(row, specialty)
        self._session.add(row)
        await self._session.flush()  # blueprints and questions refer to it

    async def update(self, specialty: SpecialtyRecord) -> None:
        row = await self._session.get_one(SpecialtyRow, specialty.slug)
        apply_specialty(row, specialty)

    async def delete(self, slug: str) -> None:
        await self._session.delete(await self._session.get_one(SpecialtyRow, slug))
        await self._session.flush()

    async def live_ceilings(self) -> list[Money]:
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


class SqlBlueprintRepository(SqlRepository):
    async def of_specialty(self, slug: str) -> dict[BlueprintKind, BlueprintRecord]:
        rows = await self._session.execute(
            select(BlueprintRow).where(BlueprintRow.specialty_slug == slug)
        )
        return {
            BlueprintKind(row.kind): BlueprintRecord(
                blueprint=blueprint_from_row(row), version=row.version
            )
            for row in rows.scalars()
        }

    async def save(self, slug: str, record: BlueprintRecord) -> None:
        row = await self._session.get(BlueprintRow, (slug, record.blueprint.kind.value))
        if row is None:
            row = BlueprintRow(specialty_slug=slug)
            self._session.add(row)
        apply_blueprint(row, record.blueprint)
        row.version = record.version


class SqlQuestionRepository(SqlRepository):
    async def get(self, question_id: str, *, for_update: bool = False) -> QuestionRecord | None:
        statement = select(QuestionRow).where(QuestionRow.id == question_id)
        if for_update:
            statement = statement.with_for_update()
        row = (await self._session.execute(statement)).scalar_one_or_none()
        return question_record_from_row(row) if row is not None else None

    async def by_ids(self, question_ids: Sequence[str]) -> dict[str, QuestionRecord]:
        if not question_ids:
            return {}
        rows = await self._session.execute(
            select(QuestionRow).where(QuestionRow.id.in_(question_ids)).with_for_update()
        )
        return {row.id: question_record_from_row(row) for row in rows.scalars()}

    async def find_all(
        self,
        *,
        specialty_slug: str | None = None,
        status: QuestionStatus | None = None,
        for_update: bool = False,
    ) -> list[QuestionRecord]:
        statement = select(QuestionRow).order_by(QuestionRow.id)
        if specialty_slug is not None:
            statement = statement.where(QuestionRow.specialty_slug == specialty_slug)
        if status is not None:
            statement = statement.where(QuestionRow.status == status.value)
        if for_update:
            statement = statement.with_for_update()
        rows = (await self._session.execute(statement)).scalars()
        return [question_record_from_row(row) for row in rows]

    async def add(self, record: QuestionRecord) -> None:
        row = QuestionRow()
        apply_question_record(row, record)
        self._session.add(row)

    async def update(self, record: QuestionRecord) -> None:
        apply_question_record(await self._session.get_one(QuestionRow, record.id), record)


class SqlBankVersionRepository(SqlRepository):
    async def add(self, record: BankVersionRecord) -> None:
        self._session.add(
            BankVersionRow(
                specialty_slug=record.specialty_slug,
                version=record.version,
                active_question_count=record.active_question_count,
                published_question_ids=list(record.published_question_ids),
                retired_question_ids=list(record.retired_question_ids),
                published_at=record.published_at,
            )
        )


class SqlIdempotencyKeyRepository(SqlRepository):
    """Keys are claimed with ``INSERT … ON CONFLICT DO NOTHING`` in the request's transaction."""

    async def claim(self, *, principal: str, key: str, request_fingerprint: str) -> bool:
        claimed = await self._session.scalar(
            insert(IdempotencyKeyRow)
            .values(principal=principal, key=key, request_fingerprint=request_fingerprint)
            .on_conflict_do_nothing()
            .returning(IdempotencyKeyRow.key)
        )
        return claimed is not None

    async def remember(self, *, principal: str, key: str, status_code: int, body: Any) -> None:
        await self._session.execute(
            update(IdempotencyKeyRow)
            .where(IdempotencyKeyRow.principal == principal, IdempotencyKeyRow.key == key)
            .values(status_code=status_code, response=body)
        )

    async def find(self, *, principal: str, key: str) -> StoredResponse | None:
        stored = await self._session.scalar(
            select(IdempotencyKeyRow).where(
                IdempotencyKeyRow.principal == principal, IdempotencyKeyRow.key == key
            )
        )
        if stored is None:
            return None
        return StoredResponse(
            request_fingerprint=stored.request_fingerprint,
            status_code=stored.status_code,
            body=stored.response,
        )
