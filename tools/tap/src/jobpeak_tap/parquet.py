"""Parquet export: one typed table per event type, with each record's coordinates.

Each file ``<EventName>.v<N>.parquet`` has the CloudEvents attributes, the Kafka coordinates
(topic, partition, offset, key), the ``traceparent`` and the synthetic flag, then one column per
payload field, typed from the event's JSON Schema (strings, integers, numbers, booleans,
timestamps); nested objects and arrays stay JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from jobpeak_contracts.envelope import event_class

_COORDINATES = (
    "ce_id, ce_type, ce_source, ce_time, ce_subject, topic, kafka_partition, kafka_offset, "
    "record_key, traceparent, synthetic"
)
_SCALARS = {"string": "VARCHAR", "integer": "BIGINT", "number": "DOUBLE", "boolean": "BOOLEAN"}


def _column_type(schema: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in schema:
        return _column_type(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    if "anyOf" in schema:
        kinds = [option for option in schema["anyOf"] if option.get("type") != "null"]
        return _column_type(kinds[0], definitions) if len(kinds) == 1 else "JSON"
    if schema.get("type") == "string" and schema.get("format") == "date-time":
        return "TIMESTAMPTZ"
    if "enum" in schema and "type" not in schema:
        return "VARCHAR"
    return _SCALARS.get(str(schema.get("type")), "JSON")


def _typed_columns(ce_type: str) -> list[str]:
    schema = event_class(ce_type).model_json_schema()
    definitions = schema.get("$defs", {})
    columns = []
    for name, field_schema in schema.get("properties", {}).items():
        column_type = _column_type(field_schema, definitions)
        path = f"'$.{name}'"
        if column_type == "JSON":
            expression = f"json_extract(payload, {path})"
        else:
            expression = f"CAST(json_extract_string(payload, {path}) AS {column_type})"
        columns.append(f'{expression} AS "{name}"')
    return columns


def export_parquet(db: duckdb.DuckDBPyConnection, directory: Path) -> list[Path]:
    """Write one Parquet file per stored event type into ``directory``; returns the files."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for (ce_type,) in db.execute("SELECT DISTINCT ce_type FROM events ORDER BY 1").fetchall():
        name = ce_type.removeprefix("jobpeak.").split(".", 1)[1]
        target = directory / f"{name}.parquet"
        select = ", ".join([_COORDINATES, *_typed_columns(ce_type)])
        db.execute(
            f"COPY (SELECT {select} FROM events WHERE ce_type = ? ORDER BY ce_time, ce_id) "  # noqa: S608
            f"TO '{target}' (FORMAT PARQUET)",
            [ce_type],
        )
        written.append(target)
    return written
