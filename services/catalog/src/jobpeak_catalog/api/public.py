"""Public pages: anyone may read what is live. Drafts, retired specialties and fees are absent."""

from __future__ import annotations

from fastapi import APIRouter

from jobpeak_catalog.api.dependencies import CatalogUow, SlugPath
from jobpeak_catalog.api.problems import ERROR_RESPONSES
from jobpeak_catalog.application import queries
from jobpeak_catalog.application.views import SpecialtyPage, SpecialtySummary

router = APIRouter(tags=["specialties"], responses=ERROR_RESPONSES)


@router.get("/specialties", summary="List the live specialties")
async def list_specialties(uow: CatalogUow) -> list[SpecialtySummary]:
    return await queries.public_specialties(uow=uow)


@router.get(
    "/specialties/{slug}",
    summary="A live specialty's key facts",
    description=(
        "Practice and certification composition, difficulty mix, pass mark, time limit, retake"
        " policy, rate ceiling and whether it is the highest live one on the platform (computed"
        " on every read). The certification fee is published at checkout by billing."
    ),
)
async def get_specialty(slug: SlugPath, uow: CatalogUow) -> SpecialtyPage:
    return await queries.public_specialty(uow=uow, slug=slug)
