"""A reviewer's own pool entries: read one, state the languages they want work in."""

from __future__ import annotations

from fastapi import APIRouter
from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_runtime.auth import CandidatePrincipal
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.problems_openapi import documented

from jobpeak_matching.api.dependencies import MatchingUowDep, OfferTtlDep, subject_id
from jobpeak_matching.api.errors import AUTH_RESPONSES
from jobpeak_matching.api.views import PoolEntryView, StateLanguages
from jobpeak_matching.application.pool import pool_entry, state_languages

router = APIRouter(prefix="/reviewers/me/specialties", tags=["reviewers"], responses=AUTH_RESPONSES)

_NOT_IN_POOL = "You are not in this specialty's pool."


@router.get("/{slug}", responses=documented({404: _NOT_IN_POOL}))
async def read(
    slug: SpecialtySlug, principal: CandidatePrincipal, uow: MatchingUowDep
) -> PoolEntryView:
    """The caller's entry in the specialty's pool, with the languages they are offered work in."""
    entry = await pool_entry(uow=uow, candidate_id=subject_id(principal), specialty_slug=slug)
    return PoolEntryView.of(entry)


@router.put(
    "/{slug}/languages",
    responses=documented(
        {
            404: _NOT_IN_POOL,
            422: "Empty, or a language the specialty does not list; unchanged.",
        }
    ),
)
async def state(
    *,
    slug: SpecialtySlug,
    body: StateLanguages,
    principal: CandidatePrincipal,
    uow: MatchingUowDep,
    clock: ClockDep,
    offer_ttl: OfferTtlDep,
) -> PoolEntryView:
    """Narrow the languages the caller is offered work in, or reset them with null.

    Stating the same again changes nothing. Open work the new languages make eligible is
    offered at once; a pending offer in a dropped language stands until answered or expired.
    """
    entry = await state_languages(
        uow=uow,
        candidate_id=subject_id(principal),
        specialty_slug=slug,
        languages=body.languages,
        now=clock(),
        offer_ttl=offer_ttl,
    )
    await uow.commit()
    return PoolEntryView.of(entry)
