"""The candidate's HTTP API: start, resume, answer, submit, result, history, entitlements.

Every route is for the candidate role and narrowed to the caller's own attempts; each write runs
in one unit of work that the route commits only once the use case has succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response, status
from jobpeak_contracts.identifiers import CandidateId, SpecialtySlug
from jobpeak_runtime.auth import CandidatePrincipal
from jobpeak_runtime.http import ClockDep, unit_of_work
from jobpeak_runtime.idempotency import IdempotencyKeyDep, mark_replayed
from jobpeak_runtime.problems_openapi import documented
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.exc import IntegrityError

from jobpeak_testing.api.answer_shapes import AnswerItem, answer_shape
from jobpeak_testing.api.errors import ERROR_RESPONSES
from jobpeak_testing.api.schemas import (
    AnswerView,
    AttemptSummaryView,
    AttemptView,
    EntitlementView,
    ResultView,
    StartAttempt,
)
from jobpeak_testing.application.attempts import (
    DeliveryRules,
    answer_item,
    list_attempts,
    read_attempt,
    start_attempt,
    submit_attempt,
)
from jobpeak_testing.application.entitlements import list_entitlements
from jobpeak_testing.application.errors import NotGradedYet
from jobpeak_testing.application.ports import TestingUnitOfWork
from jobpeak_testing.domain.responses import to_response

router = APIRouter(tags=["attempts"], responses=ERROR_RESPONSES)

_candidate_id = TypeAdapter(CandidateId)


# The dependencies are ``async`` although they await nothing: FastAPI runs a plain ``def``
# dependency in its thread pool, a thread hand-off per request each.
async def _caller(principal: CandidatePrincipal) -> str:
    try:
        return _candidate_id.validate_python(principal.subject)
    except ValidationError:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN, detail="the token's subject is not a candidate id"
        ) from None


async def _delivery_rules(request: Request) -> DeliveryRules:
    rules: DeliveryRules = request.app.state.delivery_rules
    return rules


async def _draw_seed(request: Request) -> int:
    """The seed of a new attempt's draw, from the source the composition root was given."""
    draw_seeds: Callable[[], int] = request.app.state.draw_seeds
    return draw_seeds()


UnitOfWorkDep = Annotated[TestingUnitOfWork, Depends(unit_of_work)]
"""The request's unit of work (the runtime's dependency), typed as the testing one."""
Caller = Annotated[str, Depends(_caller)]
DrawSeed = Annotated[int, Depends(_draw_seed)]
Rules = Annotated[DeliveryRules, Depends(_delivery_rules)]


@router.post(
    "/attempts",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"description": "An earlier request with this Idempotency-Key started it."},
        **documented(
            {
                402: "No paid entitlement: start a checkout with billing.",
                404: "The specialty is not published.",
                409: "An attempt is in progress, retired specialty, or key reused.",
                429: "The daily practice allowance is used up (see Retry-After).",
                503: "The question bank cannot fill the blueprint right now.",
            }
        ),
    },
)
async def start(
    *,
    body: StartAttempt,
    candidate_id: Caller,
    uow: UnitOfWorkDep,
    clock: ClockDep,
    seed: DrawSeed,
    rules: Rules,
    response: Response,
    idempotency_key: IdempotencyKeyDep,
) -> AttemptView:
    """Start a practice attempt (free, within a daily allowance) or a certification (paid)."""
    try:
        started = await start_attempt(
            uow=uow,
            candidate_id=candidate_id,
            specialty_slug=body.specialty_slug,
            kind=body.kind,
            start_key=idempotency_key,
            seed=seed,
            now=clock(),
            rules=rules,
        )
        await uow.commit()
    except IntegrityError:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail="another attempt was started at the same moment; resume it",
        ) from None
    if not started.created:
        mark_replayed(response)
    return AttemptView.of(started.attempt)


@router.get("/attempts")
async def history(
    candidate_id: Caller,
    uow: UnitOfWorkDep,
    specialty_slug: Annotated[SpecialtySlug | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> list[AttemptSummaryView]:
    """The caller's attempts, newest first."""
    summaries = await list_attempts(
        uow=uow, candidate_id=candidate_id, specialty_slug=specialty_slug, limit=limit
    )
    return [AttemptSummaryView.of(summary) for summary in summaries]


@router.get("/attempts/{attempt_id}", responses=documented({404: "No such attempt."}))
async def resume(attempt_id: UUID, candidate_id: Caller, uow: UnitOfWorkDep) -> AttemptView:
    """The attempt with its items (no keys) and the answers given so far."""
    return AttemptView.of(
        await read_attempt(uow=uow, candidate_id=candidate_id, attempt_id=attempt_id)
    )


@router.put(
    "/attempts/{attempt_id}/responses/{question_id}",
    responses={
        **documented(
            {
                404: "No such attempt, or the question is not in it.",
                409: "The attempt was submitted or voided, or time ran out.",
                422: "The answer does not fit the item.",
            }
        ),
    },
)
async def answer(
    *,
    attempt_id: UUID,
    question_id: str,
    body: AnswerItem,
    candidate_id: Caller,
    uow: UnitOfWorkDep,
    clock: ClockDep,
) -> AnswerView:
    """Answer one item; sending the same answer again changes nothing, a new one replaces it."""
    attempt = await answer_item(
        uow=uow,
        candidate_id=candidate_id,
        attempt_id=attempt_id,
        question_id=question_id,
        response=body.to_domain(),
        now=clock(),
    )
    await uow.commit()
    item = attempt.item(question_id)
    return AnswerView(
        attempt_id=attempt.id,
        question_id=question_id,
        response=answer_shape(to_response(item, attempt.answers[question_id])),
        answered_count=len(attempt.answers),
        question_count=len(attempt.draw.questions),
    )


@router.post(
    "/attempts/{attempt_id}/submission",
    responses={
        **documented(
            {
                404: "No such attempt.",
                409: "The attempt was voided, or practice items are unanswered (listed).",
            }
        ),
    },
)
async def submit(
    attempt_id: UUID, candidate_id: Caller, uow: UnitOfWorkDep, clock: ClockDep
) -> ResultView:
    """Submit and grade the attempt; submitting again returns the same result.

    A practice attempt needs every item answered and its result shows each item's key and
    explanation; a certification result gives the scores and the verdict only.
    """
    attempt = await submit_attempt(
        uow=uow, candidate_id=candidate_id, attempt_id=attempt_id, now=clock()
    )
    await uow.commit()
    result = ResultView.of(attempt)
    if result is None:
        raise NotGradedYet(attempt_id)
    return result


@router.get(
    "/attempts/{attempt_id}/result",
    responses={
        **documented(
            {
                404: "No such attempt.",
                409: "Not submitted yet.",
            }
        ),
    },
)
async def result(attempt_id: UUID, candidate_id: Caller, uow: UnitOfWorkDep) -> ResultView:
    attempt = await read_attempt(uow=uow, candidate_id=candidate_id, attempt_id=attempt_id)
    view = ResultView.of(attempt)
    if view is None:
        raise NotGradedYet(attempt_id)
    return view


@router.get("/entitlements")
async def entitlements(
    candidate_id: Caller,
    uow: UnitOfWorkDep,
    specialty_slug: Annotated[SpecialtySlug | None, Query()] = None,
) -> list[EntitlementView]:
    """The caller's paid certification attempts and whether each is still available."""
    owned = await list_entitlements(
        uow=uow, candidate_id=candidate_id, specialty_slug=specialty_slug
    )
    return [EntitlementView.of(entitlement) for entitlement in owned]
