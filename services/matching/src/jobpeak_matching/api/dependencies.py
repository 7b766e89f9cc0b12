"""What the routes take from the composition root (found on ``request.app.state``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from jobpeak_contracts.identifiers import CandidateId
from jobpeak_runtime.auth import Principal
from jobpeak_runtime.clock import Clock
from pydantic import TypeAdapter, ValidationError

from jobpeak_matching.settings import MatchingSettings

_opaque_id: TypeAdapter[str] = TypeAdapter(CandidateId)
"""Candidate and client ids share the contracts' pseudonymous-id pattern."""


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _settings(request: Request) -> MatchingSettings:
    settings: MatchingSettings = request.app.state.settings
    return settings


ClockDep = Annotated[Clock, Depends(_clock)]
SettingsDep = Annotated[MatchingSettings, Depends(_settings)]


def subject_id(principal: Principal) -> str:
    """The caller's id as events carry it; a token whose subject cannot be one gets 403."""
    try:
        return _opaque_id.validate_python(principal.subject)
    except ValidationError:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            detail=("the token's subject is not a pseudonymous id (3-64 letters, digits, _ or -)"),
        ) from None
