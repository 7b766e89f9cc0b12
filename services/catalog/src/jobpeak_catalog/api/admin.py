"""Admin routes: curate specialties, blueprints and questions; import bank files; publish.

Every route needs an ``admin`` bearer token. Creating writes accept ``Idempotency-Key``.
Question views never include the answer key or the explanation (DESIGN.md §7).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response, status
from jobpeak_contracts.questions import Question
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.clock import Clock
from jobpeak_runtime.http import UnitOfWorkDep
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_catalog.adapters.bankfiles import read_bank
from jobpeak_catalog.api.idempotency import IdempotencyKey, respond_once
from jobpeak_catalog.api.problems import ERROR_RESPONSES
from jobpeak_catalog.application import publishing, queries, questions, specialties
from jobpeak_catalog.application.errors import NotFound
from jobpeak_catalog.application.views import (
    BlueprintView,
    BlueprintWriteView,
    PublicationView,
    QuestionAdminView,
    QuestionWritesView,
    RetirementView,
    SpecialtyAdminView,
)
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.problems import InvalidInput, Problem
from jobpeak_catalog.domain.seed import BankFileEntry
from jobpeak_catalog.domain.specialty import SpecialtyProfile

router = APIRouter(prefix="/admin", tags=["admin"], responses=ERROR_RESPONSES)

BANK_FILE_EXAMPLE = """questions:
  - id: cod-py-001
    version: 1
    specialty: coding
    section: domain
    difficulty: easy
    topic: debugging
    language: python
    format: single_choice
    stem: "What does len({1, 1, 2}) return?"
    options: [{id: a, text: "2"}, {id: b, text: "3"}]
    answer: a
    explanation: "A set keeps one 1, so two elements remain; 3 counts the duplicate."
"""


def _clock(request: Request) -> datetime:
    clock: Clock = request.app.state.clock
    return clock()


Now = Annotated[datetime, Depends(_clock)]


class QuestionWrite(BaseModel):
    """A question with its answer key, and the catalog-only tags."""

    model_config = ConfigDict(extra="forbid")

    question: Question
    tags: list[str] = Field(default_factory=list, examples=[["spot-the-bug"]])


# Specialties


@router.get("/specialties", summary="Every specialty, whatever its status")
async def list_specialties(_: AdminPrincipal, uow: UnitOfWorkDep) -> list[SpecialtyAdminView]:
    return await queries.admin_specialties(session=uow.session)


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
    uow: UnitOfWorkDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def write() -> SpecialtyAdminView:
        await specialties.create_specialty(uow=uow, profile=profile)
        return await queries.admin_specialty(session=uow.session, slug=profile.slug)

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_201_CREATED,
        write=write,
    )


@router.get("/specialties/{slug}", summary="A specialty as it stands, with its bank's state")
async def get_specialty(slug: str, _: AdminPrincipal, uow: UnitOfWorkDep) -> SpecialtyAdminView:
    return await queries.admin_specialty(session=uow.session, slug=slug)


@router.put(
    "/specialties/{slug}",
    summary="Replace a specialty's facts (public after the next publish)",
)
async def update_specialty(
    slug: str, profile: SpecialtyProfile, _: AdminPrincipal, uow: UnitOfWorkDep
) -> SpecialtyAdminView:
    await specialties.update_specialty(uow=uow, slug=slug, profile=profile)
    view = await queries.admin_specialty(session=uow.session, slug=slug)
    await uow.commit()
    return view


@router.delete(
    "/specialties/{slug}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete a draft that was never published",
)
async def delete_specialty(slug: str, _: AdminPrincipal, uow: UnitOfWorkDep) -> Response:
    await specialties.delete_specialty(uow=uow, slug=slug)
    await uow.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/specialties/{slug}/blueprints/{kind}", summary="One blueprint of a specialty")
async def get_blueprint(
    slug: str, kind: BlueprintKind, _: AdminPrincipal, uow: UnitOfWorkDep
) -> BlueprintView:
    view = await queries.admin_specialty(session=uow.session, slug=slug)
    blueprint = view.practice if kind is BlueprintKind.PRACTICE else view.certification
    if blueprint is None:
        raise NotFound("blueprint", f"{slug}/{kind.value}")
    return blueprint


@router.put(
    "/specialties/{slug}/blueprints/{kind}",
    summary="Create or replace a blueprint (its version goes up when it changes)",
)
async def put_blueprint(
    slug: str, kind: BlueprintKind, blueprint: Blueprint, _: AdminPrincipal, uow: UnitOfWorkDep
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


@router.post(
    "/specialties/{slug}/bank-imports",
    response_model=QuestionWritesView,
    summary="Import a bank file (YAML or JSON): all its questions or none",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/yaml": {
                    "schema": {"type": "string"},
                    "example": BANK_FILE_EXAMPLE,
                },
                "application/json": {"schema": {"type": "object"}},
            },
        }
    },
)
async def import_bank_file(
    slug: str,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    idempotency_key: IdempotencyKey = None,
    source: Annotated[
        str, Query(max_length=200, description="File name, used in problem reports.")
    ] = "request",
) -> Response:
    text = (await request.body()).decode("utf-8", errors="replace")

    async def write() -> QuestionWritesView:
        bank = read_bank(text, source=source)
        writes = await specialties.import_bank(uow=uow, slug=slug, bank=bank)
        return QuestionWritesView(
            created=writes.created, updated=writes.updated, unchanged=writes.unchanged
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
    "/specialties/{slug}/publish",
    response_model=PublicationView,
    summary="Publish: refuse an unfillable blueprint, else announce what changed",
    description=(
        "Every stratum (section x difficulty) needs as many active questions as one practice"
        " attempt draws and twice what one certification attempt draws; otherwise 409 lists"
        " every shortfall. On success SpecialtyPublished goes to catalog.specialties.v1 (when"
        " the snapshot changed) and QuestionPublished / QuestionRetired to the restricted"
        " catalog.question-bank.v1 for the questions changed since the last publish."
    ),
)
async def publish_specialty(
    slug: str,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    now: Now,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def write() -> PublicationView:
        outcome = await publishing.publish_specialty(uow=uow, slug=slug, now=now)
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
    slug: str,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    now: Now,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def write() -> RetirementView:
        revision = await publishing.retire_specialty(uow=uow, slug=slug, now=now)
        return RetirementView(slug=slug, revision=revision)

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_200_OK,
        write=write,
    )


# Questions


@router.get("/questions", summary="Questions, without answer keys or explanations")
async def list_questions(
    _: AdminPrincipal,
    uow: UnitOfWorkDep,
    specialty: str | None = None,
    question_status: Annotated[QuestionStatus | None, Query(alias="status")] = None,
) -> list[QuestionAdminView]:
    return await queries.admin_questions(
        session=uow.session, specialty_slug=specialty, status=question_status
    )


@router.post(
    "/questions",
    status_code=status.HTTP_201_CREATED,
    response_model=QuestionAdminView,
    summary="Add a question to a specialty's bank (live after the next publish)",
)
async def create_question(
    body: QuestionWrite,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: UnitOfWorkDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    async def write() -> QuestionAdminView:
        entry = BankFileEntry(question=body.question, tags=tuple(body.tags), location=("question",))
        await questions.create_question(uow=uow, entry=entry)
        return await queries.admin_question(session=uow.session, question_id=body.question.id)

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_201_CREATED,
        write=write,
    )


@router.get("/questions/{question_id}", summary="One question, without its answer key")
async def get_question(
    question_id: str, _: AdminPrincipal, uow: UnitOfWorkDep
) -> QuestionAdminView:
    return await queries.admin_question(session=uow.session, question_id=question_id)


@router.put(
    "/questions/{question_id}",
    summary="Replace a question; changed content needs a higher version",
)
async def update_question(
    question_id: str, body: QuestionWrite, _: AdminPrincipal, uow: UnitOfWorkDep
) -> QuestionAdminView:
    entry = BankFileEntry(question=body.question, tags=tuple(body.tags), location=("question",))
    await questions.update_question(uow=uow, question_id=question_id, entry=entry)
    view = await queries.admin_question(session=uow.session, question_id=question_id)
    await uow.commit()
    return view


@router.post(
    "/questions/{question_id}/retire",
    summary="Retire a question (QuestionRetired goes out with the next publish)",
)
async def retire_question(
    question_id: str, _: AdminPrincipal, uow: UnitOfWorkDep
) -> QuestionAdminView:
    return await _set_status(uow, question_id, QuestionStatus.RETIRED)


@router.post(
    "/questions/{question_id}/restore",
    summary="Bring a retired question back (published again with the next publish)",
)
async def restore_question(
    question_id: str, _: AdminPrincipal, uow: UnitOfWorkDep
) -> QuestionAdminView:
    return await _set_status(uow, question_id, QuestionStatus.ACTIVE)


async def _set_status(
    uow: UnitOfWorkDep, question_id: str, question_status: QuestionStatus
) -> QuestionAdminView:
    row = await questions.set_question_status(
        uow=uow, question_id=question_id, status=question_status
    )
    view = queries.question_view(row)
    await uow.commit()
    return view
