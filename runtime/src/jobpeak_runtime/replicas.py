"""Replicas of another service's compacted topic: the newer revision wins, retirements included.

A compacted topic may be re-read from the beginning or delivered again out of order across a
rebuild, so a replica row keeps the highest ``revision`` it has seen and ignores anything older
or equal. The one retirement rule: a retirement is a revision like any other — it wins over
older snapshots, loses to newer ones (a re-publication), and leaves a row even when no snapshot
was seen yet, so an older snapshot delivered later cannot bring the retired thing back.

::

    kept = await keep_newer_revision(
        uow.session, specialties,
        values={"specialty_slug": e.specialty_slug, "revision": e.revision, "live": True, ...},
        key=("specialty_slug",),
    )
    retired = await retire_at_revision(
        uow.session, specialties,
        key_values={"specialty_slug": e.specialty_slug}, revision=e.revision,
        retired={"live": False, "updated_at": now},
        tombstone={"name": e.specialty_slug},   # NOT NULL columns a first-seen retirement needs
    )
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from sqlalchemy import Column, DateTime, Integer, MetaData, RowMapping, Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.schema import SchemaItem

from jobpeak_runtime.columns import specialty_slug
from jobpeak_runtime.repositories import SqlRepository


def replica_table(
    name: str, metadata: MetaData, key: Column[Any], *items: SchemaItem, comment: str
) -> Table:
    """A replica table: its ``key`` column, the ``revision`` :class:`ReplicaRepository`
    compares, the replicated columns and constraints (``items``), and ``updated_at`` (when the
    row last changed)."""
    return Table(
        name,
        metadata,
        key,
        Column("revision", Integer, nullable=False),
        *items,
        Column("updated_at", DateTime(timezone=True), nullable=False),
        comment=comment,
    )


def specialty_replica_table(
    name: str, metadata: MetaData, *items: SchemaItem, comment: str
) -> Table:
    """A :func:`replica_table` of ``catalog.specialties.v1``, keyed by ``specialty_slug``."""
    return replica_table(name, metadata, specialty_slug(primary_key=True), *items, comment=comment)


async def _upsert_if_newer(
    session: AsyncSession,
    table: Table,
    *,
    row: Mapping[str, Any],
    changes: Mapping[str, Any],
    key: Sequence[str],
    revision_column: str,
) -> bool:
    statement = insert(table).values(dict(row))
    statement = statement.on_conflict_do_update(
        index_elements=[table.c[name] for name in key],
        set_={name: statement.excluded[name] for name in changes},
        where=table.c[revision_column] < statement.excluded[revision_column],
    )
    result = await session.execute(statement.returning(table.c[revision_column]))
    return result.first() is not None


async def keep_newer_revision(
    session: AsyncSession,
    table: Table,
    *,
    values: Mapping[str, Any],
    key: Sequence[str],
    revision_column: str = "revision",
) -> bool:
    """Store the row ``values`` unless one with the same ``key`` and an equal or higher revision
    is stored; ``True`` if it was stored. Every non-key column in ``values`` is replaced (so a
    re-publication clears a retirement when ``values`` says so)."""
    changes = {name: value for name, value in values.items() if name not in key}
    return await _upsert_if_newer(
        session, table, row=values, changes=changes, key=key, revision_column=revision_column
    )


async def retire_at_revision(
    session: AsyncSession,
    table: Table,
    *,
    key_values: Mapping[str, Any],
    revision: int,
    retired: Mapping[str, Any],
    tombstone: Mapping[str, Any] | None = None,
    revision_column: str = "revision",
) -> bool:
    """Apply the retirement ``retired`` (columns to set) at ``revision`` unless an equal or higher
    revision is stored; ``True`` if it was applied. With no row yet, a tombstone row is inserted
    from ``key_values``, ``tombstone`` (values for columns that may not be NULL) and ``retired``.
    """
    row = {**(tombstone or {}), **key_values, revision_column: revision, **retired}
    changes = {revision_column: revision, **retired}
    return await _upsert_if_newer(
        session,
        table,
        row=row,
        changes=changes,
        key=tuple(key_values),
        revision_column=revision_column,
    )


class ReplicaRepository(SqlRepository):
    """Base of a service's repository over one replica table, keyed by the ``key`` columns.

    A subclass names its ``table`` (made by :func:`replica_table`) and ``key`` and writes
    through :meth:`_store_if_newer` and :meth:`_retire_if_newer`, so every replica keeps the one
    rule of this module::

        class SqlFeeReplica(ReplicaRepository):
            table = specialty_fees
            key = ("specialty_slug",)
    """

    table: ClassVar[Table]
    key: ClassVar[tuple[str, ...]]

    async def _row(self, *key_values: Any) -> RowMapping | None:
        """The stored row of ``key_values`` (in the order of ``key``), or ``None``."""
        conditions = [
            self.table.c[name] == value for name, value in zip(self.key, key_values, strict=True)
        ]
        row = (await self._session.execute(select(self.table).where(*conditions))).first()
        return None if row is None else row._mapping

    async def _store_if_newer(self, values: Mapping[str, Any]) -> bool:
        """:func:`keep_newer_revision` on this replica's table."""
        return await keep_newer_revision(self._session, self.table, values=values, key=self.key)

    async def _retire_if_newer(
        self,
        *key_values: Any,
        revision: int,
        retired: Mapping[str, Any],
        tombstone: Mapping[str, Any] | None = None,
    ) -> bool:
        """:func:`retire_at_revision` of the row of ``key_values`` on this replica's table."""
        return await retire_at_revision(
            self._session,
            self.table,
            key_values=dict(zip(self.key, key_values, strict=True)),
            revision=revision,
            retired=retired,
            tombstone=tombstone,
        )
