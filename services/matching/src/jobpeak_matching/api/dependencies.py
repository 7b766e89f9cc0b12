"""What the routes take from the composition root (found on ``request.app.state``).

The clock is the runtime's ``ClockDep`` (``app.state.clock``). Each is ``async`` although it
does no I/O: FastAPI runs a plain ``def`` dependency in its thread pool, a thread hand-off per
request (issue 19's profile).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from jobpeak_contracts.identifiers import CandidateId
from jobpeak_runtime.auth import Principal
from jobpeak_runtime.http import unit_of_work
from pydantic import TypeAdapter, ValidationError

from jobpeak_matching.application.ports import MatchingUnitOfWork
from jobpeak_matching.domain.work import StartHorizon

_opaque_id: TypeAdapter[str] = TypeAdapter(CandidateId)
"""Candidate and client ids share the contracts' pseudonymous-id pattern."""


async def _offer_ttl(request: Request) -> timedelta:
    offer_ttl: timedelta = request.app.state.offer_ttl
    return offer_ttl


async def _start_horizon(request: Request) -> StartHorizon:
    horizon: StartHorizon = request.app.state.work_start_horizon
    return horizon


StartHorizonDep = Annotated[StartHorizon, Depends(_start_horizon)]
"""When posted work may start (the settings' ``work_start_*``)."""
OfferTtlDep = Annotated[timedelta, Depends(_offer_ttl)]
"""How long a reviewer may answer an offer made while handling the request."""
MatchingUowDep = Annotated[MatchingUnitOfWork, Depends(unit_of_work)]
"""The request's unit of work (the service's own, with its repositories); the route commits."""


def subject_id(principal: Principal) -> str:
    """The caller's id as events carry it; a token whose subject cannot be one gets 403."""
    try:
        return _opaque_id.validate_python(principal.subject)
    except ValidationError:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=("the token's subject is not a pseudonymous id (3-64 letters, digits, _ or -)"),
        ) from None
