"""A paid certification attempt (an entitlement) and the status a candidate sees for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID


@dataclass(frozen=True)
class Entitlement:
    order_id: UUID
    candidate_id: str
    specialty_slug: str
    granted_at: datetime | None
    consumed_at: datetime | None
    consumed_by: UUID | None
    revoked_at: datetime | None
    voided_at: datetime | None

    @property
    def status(self) -> str:
        if self.voided_at is not None:
            return "voided"
        if self.consumed_at is not None:
            return "used"
        if self.revoked_at is not None or self.granted_at is None:
            return "refunded"
        return "available"
