"""A reviewer's own pool entries: read one, state the languages they want work in."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status
from jobpeak_contracts.identifiers import SpecialtySlug
from jobpeak_runtime.auth import CandidatePrincipal
from jobpeak_runtime.http import UnitOfWorkDep

from jobpeak_matching.api.dependencies import ClockDep, SettingsDep, subject_id
from jobpeak_matching.api.views import PoolEntryView, StateLanguages
from jobpeak_matching.application.pool import NotInPool, pool_entry, state_languages
from jobpeak_matching.domain.pool import LanguagePreferencesRefused

router = APIRouter(prefix="/reviewers/me/specialties", tags=["reviewers"])

_NOT_IN_POOL: dict[int | str, dict[str, object]] = {
    404: {"description": "You are not in this specialty's pool."}
}


@router.get("/{slug}", responses=_NOT_IN_POOL)
async def read(
    slug: SpecialtySlug, principal: CandidatePrincipal, uow: UnitOfWorkDep
) -> PoolEntryView:
    """The caller's entry in the specialty's pool, with the languages they are offered work in."""
    try:
        entry = await pool_entry(uow=uow, candidate_id=subject_id(principal), specialty_slug=slug)
    except NotInPool as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    return PoolEntryView.of(entry)


@router.put(
    "/{slug}/languages",
    responses={
        **_NOT_IN_POOL,
        422: {"description": "Empty, or a language the specialty does not list; unchanged."},
    },
)
async def state(
    *,
    slug: SpecialtySlug,
    body: StateLanguages,
    principal: CandidatePrincipal,
    uow: UnitOfWorkDep,
    clock: ClockDep,
    settings: SettingsDep,
) -> PoolEntryView:
    """Narrow the languages the caller is offered work in, or reset them with null.

    Stating the same again changes nothing. Open work the new languages make eligible is
    offered at once; a pending offer in a dropped language stands until answered or expired.
    """
    try:
        entry = await state_languages(
            uow=uow,
            candidate_id=subject_id(principal),
            specialty_slug=slug,
            languages=body.languages,
            now=clock(),
            offer_ttl=settings.offer_ttl,
        )
    except NotInPool as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except LanguagePreferencesRefused as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    await uow.commit()
    return PoolEntryView.of(entry)
