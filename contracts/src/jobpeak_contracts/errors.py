"""Why a record does not satisfy the contracts: one error family consumers can dead-letter by.

Messages name topic, type, version and field, and never echo a payload value (it may be an answer
key or something else that must not reach a log line).
"""

from __future__ import annotations

from jobpeak_contracts.attributes import parse_ce_type


class ContractError(ValueError):
    """A record does not satisfy the contracts. The message names topic, type, version, field."""

    def __init__(
        self,
        reason: str,
        *,
        topic: str | None,
        ce_type: str | None,
        field: str | None = None,
    ) -> None:
        self.reason = reason
        self.topic = topic
        self.ce_type = ce_type
        parts = parse_ce_type(ce_type)
        self.version = parts.version if parts is not None else None
        self.field = field
        super().__init__(
            f"topic {topic or '<unknown>'}, ce_type {ce_type or '<missing>'}, "
            f"version {self.version if self.version is not None else '<unknown>'}, "
            f"field {field or '<none>'}: {reason}"
        )


class MalformedRecord(ContractError):
    """Headers missing or invalid, or a payload that fails validation; dead-letter it."""


class UnknownEventType(ContractError):
    """No event of that name exists in these contracts."""


class UnsupportedEventVersion(UnknownEventType):
    """The event name is known but not at this schema version."""
