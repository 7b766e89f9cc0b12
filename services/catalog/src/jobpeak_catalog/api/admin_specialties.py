"""Admin routes: curate specialties and their blueprints.

Every route needs an ``admin`` bearer token; creating a specialty accepts ``Idempotency-Key``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.idempotency import IdempotencyKeyDep

from jobpeak_catalog.api.dependencies import BlueprintKindPath, CatalogUow, SlugPath
from jobpeak_catalog.api.idempotency import respond_once
from jobpeak_catalog.api.problems import ADMIN_ERROR_RESPONSES
from jobpeak_catalog.api.schemas import BlueprintWriteView
from jobpeak_catalog.application import queries, specialties
from jobpeak_catalog.application.errors import NotFound
from jobpeak_catalog.application.views import BlueprintView, SpecialtyAdminView
from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.problems import InvalidInput, Problem
from jobpeak_catalog.domain.specialty import SpecialtyProfile

router = APIRouter(prefix="/admin", tags=["admin"], responses=ADMIN_ERROR_RESPONSES)


@router.get("/specialties", summary="Every specialty, whatever its status")
async def list_specialties(_: AdminPrincipal, uow: CatalogUow) -> list[SpecialtyAdminView]:
    return await queries.admin_specialties(uow=uow)


@router.post(
    "/specialties",
    status_code=status.HTTP_201_CREATED,
    response_model=SpecialtyAdminView,
    summary="Create a draft specialty",
)
async def create_specialty(
    profile: SpecialtyProfile,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: CatalogUow,
    idempotency_key: IdempotencyKeyDep,
) -> Response:
    async def write() -> SpecialtyAdminView:
        await specialties.create_specialty(uow=uow, profile=profile)
        return await queries.admin_specialty(uow=uow, slug=profile.slug)

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_201_CREATED,
        write=write,
    )


@router.get("/specialties/{slug}", summary="A specialty as it stands, with its bank's state")
async def get_specialty(slug: SlugPath, _: AdminPrincipal, uow: CatalogUow) -> SpecialtyAdminView:
    return await queries.admin_specialty(uow=uow, slug=slug)


@router.put(
    "/specialties/{slug}",
    summary="Replace a specialty's facts (public after the next publish)",
)
async def update_specialty(
    slug: SlugPath, profile: SpecialtyProfile, _: AdminPrincipal, uow: CatalogUow
) -> SpecialtyAdminView:
    await specialties.update_specialty(uow=uow, slug=slug, profile=profile)
    view = await queries.admin_specialty(uow=uow, slug=slug)
    await uow.commit()
    return view


@router.delete(
    "/specialties/{slug}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a draft that was never published",
)
async def delete_specialty(slug: SlugPath, _: AdminPrincipal, uow: CatalogUow) -> Response:
    await specialties.delete_specialty(uow=uow, slug=slug)
    await uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/specialties/{slug}/blueprints/{kind}", summary="One blueprint of a specialty")
async def get_blueprint(
    slug: SlugPath, kind: BlueprintKindPath, _: AdminPrincipal, uow: CatalogUow
) -> BlueprintView:
    view = await queries.admin_specialty(uow=uow, slug=slug)
    blueprint = view.practice if kind is BlueprintKind.PRACTICE else view.certification
    if blueprint is None:
        raise NotFound("blueprint", f"{slug}/{kind.value}")
    return blueprint


@router.put(
    "/specialties/{slug}/blueprints/{kind}",
    summary="Create or replace a blueprint (its version goes up when it changes)",
)
async def put_blueprint(
    slug: SlugPath,
    kind: BlueprintKindPath,
    blueprint: Blueprint,
    _: AdminPrincipal,
    uow: CatalogUow,
) -> BlueprintWriteView:
    if blueprint.kind is not kind:
        raise InvalidInput(
            [
                Problem(
                    field="kind", message=f"is {blueprint.kind.value}, the path says {kind.value}"
                )
            ]
        )
    version = await specialties.put_blueprint(uow=uow, slug=slug, blueprint=blueprint)
    await uow.commit()
    return BlueprintWriteView(slug=slug, kind=kind, version=version)
