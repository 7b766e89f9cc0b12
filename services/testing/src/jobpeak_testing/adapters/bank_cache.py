"""The validated live bank of each specialty, kept between requests while the replica is unchanged.

Starting an attempt needs every live question of the specialty as a typed ``Question``; reading
and validating them all (pydantic, a few hundred questions) was a fifth of the testing service's
CPU per start. The replica changes only when a catalog record is applied, so each start asks the
database one cheap aggregate — the replica's *fingerprint* for the specialty — and reuses the
questions validated for that fingerprint.

The fingerprint changes with every write the replica keeps: a publish or retirement raises a
question's ``bank_version`` (or writes it again at an equal one, with a new ``updated_at``), a
retirement changes the live count, a new question the row count. It is read in the start's own
transaction, so the cached bank is always the one that transaction would have read, and every
process (two replicas of the service, say) checks it against the shared database itself.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from jobpeak_contracts.questions import Question


@dataclass(frozen=True, slots=True)
class BankFingerprint:
    """What identifies one state of a specialty's replicated questions."""

    bank_version: int
    """The highest bank version seen for the specialty (0 if none)."""
    version_sum: int
    rows: int
    live: int
    last_update: datetime | None


class LiveBankCache:
    """Validated live questions per specialty, for the fingerprint they were read at.

    One per service process. Only the newest fingerprint of a specialty is kept, and at most
    ``max_specialties`` specialties (least recently used go first).
    """

    def __init__(self, *, max_specialties: int = 64) -> None:
        self._max_specialties = max_specialties
        self._banks: OrderedDict[str, tuple[BankFingerprint, tuple[Question, ...]]] = OrderedDict()

    def get(self, specialty_slug: str, fingerprint: BankFingerprint) -> tuple[Question, ...] | None:
        """The questions cached for ``specialty_slug`` at ``fingerprint``, if any."""
        cached = self._banks.get(specialty_slug)
        if cached is None or cached[0] != fingerprint:
            return None
        self._banks.move_to_end(specialty_slug)
        return cached[1]

    def put(
        self, specialty_slug: str, fingerprint: BankFingerprint, questions: tuple[Question, ...]
    ) -> None:
        self._banks[specialty_slug] = (fingerprint, questions)
        self._banks.move_to_end(specialty_slug)
        while len(self._banks) > self._max_specialties:
            self._banks.popitem(last=False)

    def __len__(self) -> int:
        return len(self._banks)
