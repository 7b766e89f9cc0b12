"""The inbox table's statements: claim a ``ce_id`` for a consumer, or mark it dead-lettered.

A claim is ``INSERT … ON CONFLICT DO NOTHING`` in the handler's own transaction, so a
redelivered record finds its ``ce_id`` taken and has no effect. A replayed dead letter (header
``jobpeak-replay-for`` naming this consumer) may take back a ``dead_lettered`` row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Text, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from jobpeak_runtime.consumed import ConsumedRecord, Outcome
from jobpeak_runtime.db import inbox_table
from jobpeak_runtime.dead_letter_records import REPLAY_FOR
from jobpeak_runtime.records import CE_ID, KafkaRecord
from jobpeak_runtime.uow import UnitOfWorkFactory

_CLAIM_MANY = text(
    "INSERT INTO runtime_inbox (consumer, event_id, outcome, topic)"
    " SELECT :consumer, claimed.event_id, :outcome, claimed.topic"
    " FROM unnest(:event_ids, :topics) AS claimed (event_id, topic)"
    " ON CONFLICT DO NOTHING RETURNING event_id"
).bindparams(bindparam("event_ids", type_=ARRAY(Text)), bindparam("topics", type_=ARRAY(Text)))
"""One statement, four parameters, whatever the batch's size: SQLAlchemy's multi-row form of an
``executemany`` renders and binds every row's values in Python (issue 19, B1)."""


def _row(consumer: str, consumed: ConsumedRecord, outcome: Outcome) -> dict[str, str]:
    return {
        "consumer": consumer,
        "event_id": consumed.event_id,
        "outcome": outcome.value,
        "topic": consumed.record.topic,
    }


async def claim_all(
    session: AsyncSession, *, consumer: str, batch: Sequence[ConsumedRecord]
) -> set[str]:
    """Claim every ``ce_id`` of ``batch`` in one statement; returns those newly claimed."""
    claimed = await session.execute(
        _CLAIM_MANY,
        {
            "consumer": consumer,
            "outcome": Outcome.HANDLED.value,
            "event_ids": [consumed.event_id for consumed in batch],
            "topics": [consumed.record.topic for consumed in batch],
        },
    )
    return set(claimed.scalars())


async def claim(session: AsyncSession, *, consumer: str, consumed: ConsumedRecord) -> bool:
    """Claim the record's ``ce_id`` for ``consumer``; ``False`` if it already had its turn."""
    statement = pg_insert(inbox_table).values(_row(consumer, consumed, Outcome.HANDLED))
    if consumed.record.header_text(REPLAY_FOR) == consumer:
        statement = statement.on_conflict_do_update(
            index_elements=[inbox_table.c.consumer, inbox_table.c.event_id],
            set_={"outcome": Outcome.HANDLED.value, "recorded_at": datetime.now(UTC)},
            where=inbox_table.c.outcome == Outcome.DEAD_LETTERED.value,
        )
    else:
        statement = statement.on_conflict_do_nothing()
    claimed = await session.execute(statement.returning(inbox_table.c.event_id))
    return claimed.first() is not None


async def mark_dead_lettered(
    session: AsyncSession, *, consumer: str, consumed: ConsumedRecord, by_position: bool = False
) -> bool:
    """Record that ``consumer`` dead-lettered the record; ``False`` when it already had.

    A record dead-lettered before a crash comes back when its offset was not committed yet; it
    must not be dead-lettered twice. A replay of it (``jobpeak-replay-for`` this consumer) that
    fails again is dead-lettered again. An undecodable record is known ``by_position``: its
    ``ce_id`` header, if any, cannot be trusted to tell it from another record.
    """
    row = _row(consumer, consumed, Outcome.DEAD_LETTERED)
    if by_position:
        row["event_id"] = consumed.position
    statement = pg_insert(inbox_table).values(row)
    is_replay = consumed.record.header_text(REPLAY_FOR) == consumer
    marked = await session.execute(
        statement.on_conflict_do_update(
            index_elements=[inbox_table.c.consumer, inbox_table.c.event_id],
            set_={"outcome": Outcome.DEAD_LETTERED.value},
            where=None if is_replay else inbox_table.c.outcome != Outcome.DEAD_LETTERED.value,
        ).returning(inbox_table.c.event_id)
    )
    return marked.first() is not None


async def record_dead_letter(
    uow_factory: UnitOfWorkFactory[Any],
    dead_letter: KafkaRecord,
    *,
    consumer: str,
    consumed: ConsumedRecord,
    by_position: bool,
) -> bool:
    """Mark ``consumed`` dead-lettered and queue ``dead_letter`` in the outbox, in one
    transaction; ``False`` (and nothing written) when it was dead-lettered already.

    It touches nothing but the runtime's tables: only an unreachable database makes it fail.
    """
    async with uow_factory() as uow:
        marked = await mark_dead_lettered(
            uow.session, consumer=consumer, consumed=consumed, by_position=by_position
        )
        if not marked:
            return False
        uow.emit_record(dead_letter, event_id=consumed.record.header_text(CE_ID))
        await uow.commit()
    return True
