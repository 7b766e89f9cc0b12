"""The analysts' copy of the stream: one DuckDB table of events, exported to Parquet.

Each row keeps the CloudEvents attributes as columns and the payload as JSON, so analysts query
with plain SQL (``payload->>'candidate_id'``) and the tap can re-validate rows into the
contract models. ``ce_id`` is the primary key: re-reading a topic never duplicates a row.
"""

from __future__ import annotations

from collections.abc import Iterator
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
    record_key   VARCHAR NOT NULL,
    payload      JSON NOT NULL
)
"""


@dataclass(frozen=True)
class StoredEvent:
    envelope: Envelope
    event: Event


class TapStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = duckdb.connect(str(path))
        self._db.execute("SET TimeZone = 'UTC'")
        self._db.execute(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def add(self, *, topic: str, key: str, decoded: DecodedEvent, payload: bytes) -> bool:
        """Keep one event; False when this ``ce_id`` is already stored."""
        envelope = decoded.envelope
        inserted = self._db.execute(
            "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (ce_id) DO NOTHING RETURNING ce_id",
            [
                str(envelope.id), envelope.type, envelope.source, envelope.time,
                envelope.subject, topic, key, payload.decode(),
            ],
        ).fetchall()  # fmt: skip
        return bool(inserted)

    def count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM events").fetchone()
        return int(row[0]) if row else 0

    def events(self) -> Iterator[StoredEvent]:
        """Every stored event as its contract model, oldest first."""
        rows = self._db.execute(
            "SELECT ce_id, ce_type, ce_source, ce_time, ce_subject, payload::VARCHAR "
            "FROM events ORDER BY ce_time, ce_id"
        ).fetchall()
        for ce_id, ce_type, source, time, subject, payload in rows:
            envelope = Envelope(id=ce_id, source=source, type=ce_type, time=time, subject=subject)
            yield StoredEvent(envelope, event_class(ce_type).model_validate_json(payload))

    def export_parquet(self, directory: Path) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / "events.parquet"
        self._db.execute(f"COPY events TO '{target}' (FORMAT PARQUET)")
        return target
