"""Admin routes: publish a specialty (announcing what changed in its bank) or retire it.

Every route needs an ``admin`` bearer token and accepts ``Idempotency-Key``.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.idempotency import IdempotencyKeyDep

from jobpeak_catalog.api.dependencies import CatalogUow, SlugPath
from jobpeak_catalog.api.idempotency import respond_once
from jobpeak_catalog.api.problems import ADMIN_ERROR_RESPONSES
from jobpeak_catalog.api.schemas import PublicationView, RetirementView
from jobpeak_catalog.application import publishing

router = APIRouter(prefix="/admin", tags=["admin"], responses=ADMIN_ERROR_RESPONSES)


@router.post(
    "/specialties/{slug}/publish",
    response_model=PublicationView,
    summary="Publish: refuse an unfillable blueprint, else announce what changed",
    description=(
        "Each blueprint draws from its own pool. Every stratum (pool x section x difficulty)"
        " needs three times what one practice attempt draws (practice pool) and twice what one"
        " certification attempt draws (certification bank); otherwise 409 lists every"
        " shortfall. On success SpecialtyPublished goes to catalog.specialties.v1 (when"
        " the snapshot changed) and QuestionPublished / QuestionRetired to the restricted"
        " catalog.question-bank.v1 for the questions changed since the last publish."
    ),
)
async def publish_specialty(
    slug: SlugPath,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: CatalogUow,
    clock: ClockDep,
    idempotency_key: IdempotencyKeyDep,
) -> Response:
    async def write() -> PublicationView:
        outcome = await publishing.publish_specialty(uow=uow, slug=slug, now=clock())
        return PublicationView(
            slug=outcome.slug,
            revision=outcome.revision,
            bank_version=outcome.bank_version,
            specialty_published=outcome.specialty_published,
            published_question_ids=list(outcome.published_question_ids),
            retired_question_ids=list(outcome.retired_question_ids),
        )

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_200_OK,
        write=write,
    )


@router.post(
    "/specialties/{slug}/retire",
    response_model=RetirementView,
    summary="Retire a published specialty (emits SpecialtyRetired)",
)
async def retire_specialty(
    slug: SlugPath,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: CatalogUow,
    clock: ClockDep,
    idempotency_key: IdempotencyKeyDep,
) -> Response:
    async def write() -> RetirementView:
        revision = await publishing.retire_specialty(uow=uow, slug=slug, now=clock())
        return RetirementView(slug=slug, revision=revision)

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_200_OK,
        write=write,
    )
