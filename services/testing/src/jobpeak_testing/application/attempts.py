"""The candidate's use cases: start, answer, submit, read, list.

Each runs inside the caller's unit of work and never commits: the route does, so a refusal leaves
the database as it was. Events are emitted through ``uow.emit`` and reach Kafka through the
outbox only if the transaction commits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from uuid import UUID

from jobpeak_contracts.blueprints import Blueprint, BlueprintKind
from jobpeak_runtime.idempotency import idempotent_id
from jobpeak_runtime.logging import get_logger

from jobpeak_testing.application.errors import (
    AttemptInProgress,
    AttemptNotFound,
    PaymentRequired,
    SpecialtyNotAvailable,
    StartKeyReused,
    UnknownSpecialty,
)
from jobpeak_testing.application.events import attempt_graded, test_started
from jobpeak_testing.application.exposure import record_exposure, served_counts
from jobpeak_testing.application.ports import (
    AttemptRepository,
    AttemptSummary,
    TestingUnitOfWork,
)
from jobpeak_testing.domain.allowance import PracticeAllowance, check_practice_allowance
from jobpeak_testing.domain.assembly import assemble
from jobpeak_testing.domain.attempt import Attempt
from jobpeak_testing.domain.pool import pool_for
from jobpeak_testing.domain.responses import Response
from jobpeak_testing.domain.retakes import Payment, check_retake, payment_rule

_log = get_logger(__name__)

ATTEMPT_IDS = UUID("406a6db5-3eba-5c2c-b387-ced7c113df69")
"""Namespace of attempt ids made from a candidate's Idempotency-Key (the runtime's one rule): a
retried start finds the attempt by its id. Never change it, or retries stop finding theirs."""


DEFAULT_EXPOSURE_CAP = 500
"""Certification attempts an item may be served in before it is flagged for retirement."""


@dataclass(frozen=True)
class DeliveryRules:
    """The operator's limits on delivering attempts (settings, not catalog data)."""

    practice_allowance: PracticeAllowance = field(
        default_factory=lambda: PracticeAllowance(attempts=10)
    )
    exposure_cap: int = DEFAULT_EXPOSURE_CAP


@dataclass(frozen=True)
class Started:
    attempt: Attempt
    created: bool
    """``False`` when an earlier request with the same Idempotency-Key started it."""


async def start_attempt(
    *,
    uow: TestingUnitOfWork,
    candidate_id: str,
    specialty_slug: str,
    kind: BlueprintKind,
    start_key: str | None,
    seed: int,
    now: datetime,
    rules: DeliveryRules | None = None,
) -> Started:
    """Draw a new attempt of ``kind``; a certification consumes a paid entitlement.

    Practice counts against the candidate's daily allowance; certification never does. A
    certification draw prefers the least-exposed items and counts what it served.
    """
    rules = rules or DeliveryRules()
    store = uow.attempts
    await store.lock_starts(candidate_id=candidate_id, specialty_slug=specialty_slug)
    attempt_id = idempotent_id(namespace=ATTEMPT_IDS, caller=candidate_id, key=start_key)
    allowance = rules.practice_allowance
    checks = await store.start_checks(
        attempt_id=attempt_id,
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        kind=kind,
        practice_since=now - allowance.window if kind is BlueprintKind.PRACTICE else None,
    )
    if start_key is not None and checks.earlier_exists:
        earlier = await _load(store, candidate_id, attempt_id)
        if (earlier.specialty_slug, earlier.kind) != (specialty_slug, kind):
            raise StartKeyReused()
        return Started(earlier, created=False)

    blueprint = await _blueprint(uow, specialty_slug=specialty_slug, kind=kind)
    history = checks.history
    if await _close_expired_or_refuse(uow, store, candidate_id, checks.in_progress, now):
        history = await store.history(
            candidate_id=candidate_id, specialty_slug=specialty_slug, kind=kind
        )
    if kind is BlueprintKind.PRACTICE:
        check_practice_allowance(allowance=allowance, started=checks.practice_starts, now=now)
    check_retake(blueprint=blueprint, history=history, now=now)
    order_id = await _pay(
        uow,
        blueprint=blueprint,
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        attempt_id=attempt_id,
        now=now,
    )
    pool = pool_for(kind)
    bank = await uow.questions.live_bank(specialty_slug, pool=pool)
    draw = assemble(
        blueprint=blueprint,
        pool=bank.draw_pool(pool),
        seen=checks.seen_question_ids,
        seed=seed,
        exposure=await served_counts(uow=uow, kind=kind, specialty_slug=specialty_slug),
    )
    attempt = Attempt(
        id=attempt_id,
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        blueprint=blueprint,
        bank_version=bank.bank_version,
        order_id=order_id,
        attempt_number=1 + checks.attempts,
        started_at=now,
        draw=draw,
    )
    await store.add(attempt, start_key=start_key)
    await record_exposure(uow=uow, attempt=attempt, cap=rules.exposure_cap, now=now)
    uow.emit(test_started(attempt), subject=str(attempt.id))
    _log.info(
        "attempt started",
        attempt_id=str(attempt.id),
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        kind=kind.value,
        attempt_number=attempt.attempt_number,
    )
    return Started(attempt, created=True)


async def answer_item(
    *,
    uow: TestingUnitOfWork,
    candidate_id: str,
    attempt_id: UUID,
    question_id: str,
    response: Response,
    now: datetime,
) -> Attempt:
    """Record the candidate's answer to one item; answering the same again changes nothing."""
    store = uow.attempts
    attempt = await _load(store, candidate_id, attempt_id, for_update=True)
    if attempt.record_response(question_id=question_id, response=response, now=now):
        await store.save_answer(attempt, question_id=question_id, at=now)
    return attempt


async def submit_attempt(
    *, uow: TestingUnitOfWork, candidate_id: str, attempt_id: UUID, now: datetime
) -> Attempt:
    """Grade the attempt once; submitting again returns the same attempt and grade."""
    store = uow.attempts
    attempt = await _load(store, candidate_id, attempt_id, for_update=True)
    await _finish(uow, store, attempt, now)
    return attempt


async def read_attempt(*, uow: TestingUnitOfWork, candidate_id: str, attempt_id: UUID) -> Attempt:
    return await _load(uow.attempts, candidate_id, attempt_id)


async def list_attempts(
    *, uow: TestingUnitOfWork, candidate_id: str, specialty_slug: str | None, limit: int
) -> list[AttemptSummary]:
    """The candidate's attempts, newest first, with the scores stored at submission."""
    return await uow.attempts.summaries(
        candidate_id=candidate_id, specialty_slug=specialty_slug, limit=limit
    )


async def _finish(
    uow: TestingUnitOfWork, store: AttemptRepository, attempt: Attempt, now: datetime
) -> None:
    grade = attempt.submit(now=now)
    if grade is None:
        return
    await store.save_outcome(attempt)
    for event in attempt_graded(attempt, grade):
        uow.emit(event, subject=str(attempt.id))
    _log.info(
        "attempt graded",
        attempt_id=str(attempt.id),
        candidate_id=attempt.candidate_id,
        kind=attempt.kind.value,
        total_score=grade.total_score,
        passed=grade.passed,
    )


async def _load(
    store: AttemptRepository, candidate_id: str, attempt_id: UUID, *, for_update: bool = False
) -> Attempt:
    attempt = await store.load(
        attempt_id=attempt_id, candidate_id=candidate_id, for_update=for_update
    )
    if attempt is None:
        raise AttemptNotFound(attempt_id)
    return attempt


async def _blueprint(
    uow: TestingUnitOfWork, *, specialty_slug: str, kind: BlueprintKind
) -> Blueprint:
    # The share lock makes a concurrent retirement wait for this start, then void its attempt.
    state = await uow.specialties.state(specialty_slug, share_lock=True)
    if state is None or state.snapshot is None:
        raise UnknownSpecialty(specialty_slug)
    if state.retired:
        raise SpecialtyNotAvailable(specialty_slug)
    snapshot = state.snapshot
    if kind is BlueprintKind.PRACTICE:
        return snapshot.practice_blueprint
    return snapshot.certification_blueprint


async def _close_expired_or_refuse(
    uow: TestingUnitOfWork,
    store: AttemptRepository,
    candidate_id: str,
    open_id: UUID | None,
    now: datetime,
) -> bool:
    """Refuse while an attempt is in progress, unless its time limit ran out: then grade it
    (and say so: the history read before now misses that grade)."""
    if open_id is None:
        return False
    open_attempt = await _load(store, candidate_id, open_id, for_update=True)
    if not open_attempt.is_past_deadline(now):
        raise AttemptInProgress(open_id)
    await _finish(uow, store, open_attempt, now)
    return True


async def _pay(
    uow: TestingUnitOfWork,
    *,
    blueprint: Blueprint,
    candidate_id: str,
    specialty_slug: str,
    attempt_id: UUID,
    now: datetime,
) -> UUID | None:
    """The paid order the attempt uses, or ``None`` for a free test; refuses without one."""
    rule = payment_rule(blueprint)
    if rule is Payment.FREE:
        return None
    entitlements = uow.entitlements
    use = entitlements.take if rule is Payment.PER_ATTEMPT else entitlements.reuse
    order_id = await use(
        candidate_id=candidate_id, specialty_slug=specialty_slug, attempt_id=attempt_id, at=now
    )
    if order_id is None:
        raise PaymentRequired(specialty_slug)
    return order_id
