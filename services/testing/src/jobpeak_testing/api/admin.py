"""``GET /admin/exposure/{specialty_slug}``: how often each certification item was served.

For admins only (question ids, no content): per stratum the servings, the items at the exposure
cap and the headroom (how many more disjoint forms the active bank supports), and per item its
count. Reading it also refreshes the exposure gauges ``/metrics`` shows.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Request
from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.problems_openapi import documented

from jobpeak_testing.api.errors import ERROR_RESPONSES
from jobpeak_testing.api.routes import UnitOfWorkDep
from jobpeak_testing.api.schemas_admin import ExposureView
from jobpeak_testing.application.attempts import DeliveryRules
from jobpeak_testing.application.exposure import exposure_report

router = APIRouter(tags=["admin"], responses=ERROR_RESPONSES)


@router.get(
    "/admin/exposure/{specialty_slug}",
    responses=documented({404: "The specialty is not published."}),
)
async def exposure(
    specialty_slug: SpecialtySlug, _: AdminPrincipal, uow: UnitOfWorkDep, request: Request
) -> ExposureView:
    """Exposure of the live certification pool and the headroom per stratum."""
    rules: DeliveryRules = request.app.state.delivery_rules
    report = await exposure_report(uow=uow, specialty_slug=specialty_slug, cap=rules.exposure_cap)
    refresh_gauges: Callable[[], Awaitable[None]] = request.app.state.refresh_exposure_gauges
    await refresh_gauges()
    return ExposureView.of(report)
