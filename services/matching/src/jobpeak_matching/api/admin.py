"""Admin views: how the seven-day promise is kept."""

from __future__ import annotations

from fastapi import APIRouter
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.http import ClockDep

from jobpeak_matching.api.dependencies import MatchingUowDep
from jobpeak_matching.api.errors import AUTH_RESPONSES
from jobpeak_matching.api.views import SlaReportView
from jobpeak_matching.application.promise import promise_report

router = APIRouter(prefix="/admin", tags=["admin"], responses=AUTH_RESPONSES)


@router.get("/sla-report")
async def sla_report(
    principal: AdminPrincipal, uow: MatchingUowDep, clock: ClockDep
) -> SlaReportView:
    """Reviewers by time waiting (longest first) and the share matched within their SLA."""
    return SlaReportView.of(await promise_report(uow=uow, now=clock()))
