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

Beside each validated question the cache keeps its stored JSON text (an attempt stores every
question it serves: serialising fifteen per start was most of the insert's CPU), and beside the
questions their draw index (:class:`~jobpeak_testing.domain.pool.QuestionPool`).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from jobpeak_contracts.events import SpecialtyPublished
from jobpeak_contracts.questions import Question
from jobpeak_contracts.questions import QuestionPool as Pool

from jobpeak_testing.adapters.codec import question_json
from jobpeak_testing.domain.pool import QuestionPool


@dataclass(frozen=True, slots=True)
class BankFingerprint:
    """What identifies one state of a specialty's replicated questions."""

    bank_version: int
    """The highest bank version seen for the specialty (0 if none)."""
    version_sum: int
    rows: int
    live: int
    last_update: datetime | None


@dataclass(frozen=True, slots=True)
class CachedBank:
    fingerprint: BankFingerprint
    questions: tuple[Question, ...]
    indexed: QuestionPool


def question_text(question: Question) -> str:
    """The JSON text a question is stored as (its ``question_json``)."""
    return json.dumps(question_json(question), separators=(",", ":"))


class LiveBankCache:
    """Validated live questions per specialty, for the fingerprint they were read at.

    One per service process. Only the newest fingerprint of a specialty is kept, and at most
    ``max_specialties`` specialties (least recently used go first).
    """

    def __init__(self, *, max_specialties: int = 64) -> None:
        self._max_specialties = max_specialties
        self.snapshots = SnapshotCache()
        """The validated specialty snapshots, kept beside the banks (same process, same rule)."""
        self._banks: OrderedDict[str, CachedBank] = OrderedDict()
        self._texts: dict[int, tuple[Question, str]] = {}
        """Each cached question's JSON text by ``id(question)``; the entry holds the question,
        so its id is not reused while the entry exists (checked by identity on lookup)."""

    def get(self, specialty_slug: str, fingerprint: BankFingerprint) -> CachedBank | None:
        """The bank cached for ``specialty_slug`` at ``fingerprint``, if any."""
        cached = self._banks.get(specialty_slug)
        if cached is None or cached.fingerprint != fingerprint:
            return None
        self._banks.move_to_end(specialty_slug)
        return cached

    def put(
        self,
        specialty_slug: str,
        fingerprint: BankFingerprint,
        questions: tuple[Question, ...],
        *,
        pool: Pool,
    ) -> CachedBank:
        cached = CachedBank(fingerprint, questions, QuestionPool.of(questions, pool=pool))
        self._forget(self._banks.get(specialty_slug))
        self._banks[specialty_slug] = cached
        self._banks.move_to_end(specialty_slug)
        self._texts.update(
            (id(question), (question, question_text(question))) for question in questions
        )
        while len(self._banks) > self._max_specialties:
            self._forget(self._banks.popitem(last=False)[1])
        return cached

    def text_of(self, question: Question) -> str:
        """``question``'s stored JSON text: the cached one for a cached question object."""
        entry = self._texts.get(id(question))
        if entry is not None and entry[0] is question:
            return entry[1]
        return question_text(question)

    def _forget(self, cached: CachedBank | None) -> None:
        if cached is not None:
            for question in cached.questions:
                self._texts.pop(id(question), None)

    def __len__(self) -> int:
        return len(self._banks)


SnapshotVersion = tuple[str, int, datetime]
"""A specialty replica row's slug, revision and ``updated_at``."""


class SnapshotCache:
    """Validated ``SpecialtyPublished`` snapshots by :data:`SnapshotVersion`; one per process.

    A start reads its specialty under a share lock and validated the stored snapshot every time;
    the row changes only when a catalog record is applied, which writes ``updated_at``. Only the
    newest version of a specialty is kept.
    """

    def __init__(self) -> None:
        self._snapshots: dict[str, tuple[SnapshotVersion, SpecialtyPublished]] = {}

    def get(self, version: SnapshotVersion) -> SpecialtyPublished | None:
        cached = self._snapshots.get(version[0])
        return cached[1] if cached is not None and cached[0] == version else None

    def put(self, version: SnapshotVersion, snapshot: SpecialtyPublished) -> None:
        self._snapshots[version[0]] = (version, snapshot)
