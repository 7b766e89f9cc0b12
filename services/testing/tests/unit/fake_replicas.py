"""In-memory catalog replicas for the use-case tests: the newest version seen wins."""

from __future__ import annotations

from datetime import datetime

from jobpeak_contracts.events import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.questions import Question
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_testing.application.ports import LiveBank, SpecialtyState


class InMemorySpecialties:
    def __init__(self) -> None:
        self.by_slug: dict[str, tuple[int, SpecialtyState]] = {}

    def _is_newer(self, slug: str, revision: int) -> bool:
        known = self.by_slug.get(slug)
        return known is None or known[0] < revision

    async def publish(self, event: SpecialtyPublished, *, at: datetime) -> bool:
        if not self._is_newer(event.specialty_slug, event.revision):
            return False
        self.by_slug[event.specialty_slug] = (event.revision, SpecialtyState(event, retired=False))
        return True

    async def retire(self, event: SpecialtyRetired, *, at: datetime) -> bool:
        if not self._is_newer(event.specialty_slug, event.revision):
            return False
        known = self.by_slug.get(event.specialty_slug)
        snapshot = None if known is None else known[1].snapshot
        self.by_slug[event.specialty_slug] = (event.revision, SpecialtyState(snapshot, True))
        return True

    async def state(
        self, specialty_slug: str, *, share_lock: bool = False
    ) -> SpecialtyState | None:
        known = self.by_slug.get(specialty_slug)
        return None if known is None else known[1]

    async def live_slugs(self) -> list[str]:
        return sorted(
            slug
            for slug, (_, state) in self.by_slug.items()
            if state.snapshot is not None and not state.retired
        )


class InMemoryQuestions:
    def __init__(self) -> None:
        self.by_id: dict[str, tuple[str, int, Question | None]] = {}
        """Question id → (specialty, bank version, the live question or ``None`` if retired)."""

    def _keeps(self, question_id: str, bank_version: int) -> bool:
        known = self.by_id.get(question_id)
        return known is None or known[1] <= bank_version

    async def publish(self, event: QuestionPublished, *, at: datetime) -> None:
        if self._keeps(event.question_id, event.bank_version):
            self.by_id[event.question_id] = (
                event.specialty_slug,
                event.bank_version,
                event.question,
            )

    async def retire(self, event: QuestionRetired, *, at: datetime) -> None:
        if self._keeps(event.question_id, event.bank_version):
            self.by_id[event.question_id] = (event.specialty_slug, event.bank_version, None)

    async def live_bank(self, specialty_slug: str, *, pool: Pool) -> LiveBank:
        rows = [row for row in self.by_id.values() if row[0] == specialty_slug]
        return LiveBank(
            questions=[q for _, _, q in rows if q is not None and q.pool is pool],
            bank_version=max((version for _, version, _ in rows), default=0),
        )
