"""Exposure control in use: counts feed the certification draw; an admin reads them back.

Only certification attempts are counted: practice items are a pool of their own whose keys the
practice feedback shows anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_runtime.logging import get_logger

from jobpeak_testing.application.errors import UnknownSpecialty
from jobpeak_testing.application.events import exposure_cap_reached
from jobpeak_testing.application.ports import CappedItem, TestingUnitOfWork
from jobpeak_testing.domain.attempt import Attempt
from jobpeak_testing.domain.exposure import StratumExposure, exposure_by_stratum
from jobpeak_testing.domain.pool import QuestionPool

_log = get_logger(__name__)


@dataclass(frozen=True)
class ExposureReport:
    specialty_slug: str
    bank_version: int
    cap: int
    strata: tuple[StratumExposure, ...]
    served: dict[str, int]
    """Servings per live certification item (zero for an item never served)."""

    @property
    def headroom(self) -> int:
        """Disjoint forms the whole blueprint can still fill: the tightest stratum's headroom."""
        return min((stratum.headroom for stratum in self.strata), default=0)


async def served_counts(
    *, uow: TestingUnitOfWork, kind: BlueprintKind, specialty_slug: str
) -> dict[str, int]:
    """The exposure counts a draw of ``kind`` weighs (none for practice)."""
    if kind is not BlueprintKind.CERTIFICATION:
        return {}
    return await uow.exposure.served_counts(specialty_slug=specialty_slug)


async def record_exposure(
    *, uow: TestingUnitOfWork, attempt: Attempt, cap: int, now: datetime
) -> list[CappedItem]:
    """Count the servings of a new certification attempt; flag the items it pushed to the cap
    (ItemExposureCapReached, once per item, on the restricted topic)."""
    if attempt.kind is not BlueprintKind.CERTIFICATION:
        return []
    capped = await uow.exposure.record_served(
        specialty_slug=attempt.specialty_slug,
        question_ids=[entry.question_id for entry in attempt.draw.questions],
        cap=cap,
        at=now,
    )
    for item in capped:
        uow.emit(exposure_cap_reached(attempt, item, cap=cap), subject=item.question_id)
        _log.info(
            "item reached its exposure cap",
            question_id=item.question_id,
            specialty_slug=attempt.specialty_slug,
            served_count=item.served_count,
            cap=cap,
        )
    return capped


async def exposure_report(
    *, uow: TestingUnitOfWork, specialty_slug: str, cap: int
) -> ExposureReport:
    """Exposure and headroom of the specialty's live certification pool, per stratum."""
    state = await uow.specialties.state(specialty_slug)
    if state is None or state.snapshot is None:
        raise UnknownSpecialty(specialty_slug)
    bank = await uow.questions.live_bank(specialty_slug, pool=Pool.CERTIFICATION)
    pool = QuestionPool.of(bank.questions, pool=Pool.CERTIFICATION)
    counts = await uow.exposure.served_counts(specialty_slug=specialty_slug)
    live = {question.id for question in bank.questions}
    return ExposureReport(
        specialty_slug=specialty_slug,
        bank_version=bank.bank_version,
        cap=cap,
        strata=exposure_by_stratum(
            blueprint=state.snapshot.certification_blueprint,
            pool=pool,
            served=counts,
            cap=cap,
        ),
        served={question_id: counts.get(question_id, 0) for question_id in sorted(live)},
    )


async def every_exposure_report(*, uow: TestingUnitOfWork, cap: int) -> list[ExposureReport]:
    """The report of every live specialty (what the exposure gauges show)."""
    return [
        await exposure_report(uow=uow, specialty_slug=slug, cap=cap)
        for slug in await uow.specialties.live_slugs()
    ]
