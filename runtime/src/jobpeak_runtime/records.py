"""The record as the runtime stores and publishes it, and its outbox-row form."""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

HeaderPairs = tuple[tuple[str, bytes], ...]
CE_ID = "ce_id"


@dataclass(frozen=True, slots=True)
class KafkaRecord:
    """One Kafka record: broker-side topic (prefix applied), key, headers and value."""

    topic: str
    key: bytes | None
    headers: HeaderPairs
    value: bytes | None

    def header(self, name: str) -> bytes | None:
        """The last value of header ``name``, as Kafka clients read a repeated header."""
        found = None
        for header_name, value in self.headers:
            if header_name == name:
                found = value
        return found

    def header_text(self, name: str) -> str | None:
        value = self.header(name)
        return None if value is None else value.decode("utf-8", errors="replace")


def normalise_headers(
    headers: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]],
) -> HeaderPairs:
    """Headers as ordered ``(name, bytes)`` pairs, whatever shape they came in."""
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    return tuple(
        (name, value.encode("utf-8") if isinstance(value, str) else bytes(value))
        for name, value in pairs
    )


def headers_to_json(headers: HeaderPairs) -> list[list[str]]:
    """Headers as JSON-safe ``[name, base64(value)]`` pairs for the outbox row."""
    return [[name, base64.b64encode(value).decode("ascii")] for name, value in headers]


def headers_from_json(stored: Sequence[Sequence[Any]]) -> HeaderPairs:
    return tuple((str(name), base64.b64decode(value)) for name, value in stored)
