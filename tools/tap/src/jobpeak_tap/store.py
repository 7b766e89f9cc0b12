"""The analysts' copy of the stream: DuckDB tables of events and of the positions read.

Each event row keeps the CloudEvents attributes and the record's coordinates (topic, partition,
offset, key, traceparent) as columns and the payload as JSON, so analysts query with plain SQL
(``payload->>'candidate_id'``) and the tap can re-validate rows into the contract models.
``ce_id`` is the primary key: re-reading a topic never duplicates a row.

The positions live in the same file and are written in the same transaction as the events they
follow, so a store is always complete up to its positions: a new store reads from the start, a
rerun continues exactly where the last one stopped, and no consumer group can split the data
between two taps.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
from jobpeak_contracts.envelope import DecodedEvent, Envelope, Event, event_class

SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    ce_id        VARCHAR PRIMARY KEY,
    ce_type      VARCHAR NOT NULL,
    ce_source    VARCHAR NOT NULL,
    ce_time      TIMESTAMPTZ NOT NULL,
    ce_subject   VARCHAR,
    topic        VARCHAR NOT NULL,
    kafka_partition INTEGER NOT NULL,
    kafka_offset BIGINT NOT NULL,
    record_key   VARCHAR NOT NULL,
    traceparent  VARCHAR,
    synthetic    BOOLEAN NOT NULL,
    payload      JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS positions (
    topic           VARCHAR NOT NULL,
    kafka_partition INTEGER NOT NULL,
    next_offset     BIGINT NOT NULL,
    PRIMARY KEY (topic, kafka_partition)
);
"""


@dataclass(frozen=True)
class StoredEvent:
    envelope: Envelope
    event: Event
    synthetic: bool = False


@dataclass(frozen=True)
class ReadRecord:
    """One decoded record and where it was read."""

    topic: str
    partition: int
    offset: int
    key: str
    decoded: DecodedEvent
    payload: bytes
    traceparent: str | None
    synthetic: bool


class TapStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = duckdb.connect(str(path))
        self._db.execute("SET TimeZone = 'UTC'")
        self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def positions(self) -> dict[tuple[str, int], int]:
        """The next offset to read of every (topic, partition) this store has followed."""
        rows = self._db.execute(
            "SELECT topic, kafka_partition, next_offset FROM positions"
        ).fetchall()
        return {(topic, partition): offset for topic, partition, offset in rows}

    def keep(self, records: Sequence[ReadRecord], positions: dict[tuple[str, int], int]) -> int:
        """Keep ``records`` and move to ``positions`` in one transaction; returns rows added."""
        added = 0
        self._db.execute("BEGIN TRANSACTION")
        try:
            for record in records:
                envelope = record.decoded.envelope
                inserted = self._db.execute(
                    "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (ce_id) DO NOTHING RETURNING ce_id",
                    [
                        str(envelope.id), envelope.type, envelope.source, envelope.time,
                        envelope.subject, record.topic, record.partition, record.offset,
                        record.key, record.traceparent, record.synthetic, record.payload.decode(),
                    ],
                ).fetchall()  # fmt: skip
                added += bool(inserted)
            for (topic, partition), offset in positions.items():
                self._db.execute(
                    "INSERT INTO positions VALUES (?, ?, ?) ON CONFLICT (topic, kafka_partition)"
                    " DO UPDATE SET next_offset = excluded.next_offset",
                    [topic, partition, offset],
                )
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return added

    def count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0

    def events(self, *, include_synthetic: bool = False) -> Iterator[StoredEvent]:
        """Every stored event as its contract model, oldest first (synthetic ones on request)."""
        rows = self._db.execute(
            "SELECT ce_id, ce_type, ce_source, ce_time, ce_subject, synthetic, payload::VARCHAR "
            "FROM events WHERE ? OR NOT synthetic ORDER BY ce_time, ce_id",
            [include_synthetic],
        ).fetchall()
        for ce_id, ce_type, source, time, subject, synthetic, payload in rows:
            envelope = Envelope(id=ce_id, source=source, type=ce_type, time=time, subject=subject)
            event = event_class(ce_type).model_validate_json(payload)
            yield StoredEvent(envelope, event, synthetic=synthetic)

    @property
    def connection(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection, for exports that query the tables directly."""
        return self._db
