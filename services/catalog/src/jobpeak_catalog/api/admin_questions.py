"""Admin routes: curate questions one by one, import a whole bank file, rotate from the reserve.

Every route needs an ``admin`` bearer token; creating writes accept ``Idempotency-Key``.
Question views never include the answer key or the explanation (DESIGN.md §7).
"""

from __future__ import annotations

from typing import Annotated

import yaml
from fastapi import APIRouter, Query, Request, Response, status
from jobpeak_contracts.questions import Question
from jobpeak_runtime.auth import AdminPrincipal
from jobpeak_runtime.http import ClockDep
from jobpeak_runtime.idempotency import IdempotencyKeyDep
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_catalog.adapters.bankfiles import read_bank
from jobpeak_catalog.api.dependencies import CatalogUow, QuestionIdPath, SlugPath
from jobpeak_catalog.api.idempotency import IDEMPOTENT_BY_NATURE, respond_once
from jobpeak_catalog.api.problems import ADMIN_ERROR_RESPONSES
from jobpeak_catalog.api.schemas import QuestionWritesView
from jobpeak_catalog.application import queries, questions, rotation, specialties
from jobpeak_catalog.application.views import QuestionAdminView
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.seed import BankFileEntry, BankFolder

router = APIRouter(prefix="/admin", tags=["admin"], responses=ADMIN_ERROR_RESPONSES)

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


class QuestionWrite(BaseModel):
    """A question with its answer key, and the catalog-only tags."""

    model_config = ConfigDict(extra="forbid")

    question: Question
    tags: list[str] = Field(default_factory=list, examples=[["spot-the-bug"]])


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
                "application/json": {
                    "schema": {"type": "object"},
                    "example": yaml.safe_load(BANK_FILE_EXAMPLE),
                },
            },
        }
    },
)
async def import_bank_file(
    slug: SlugPath,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: CatalogUow,
    idempotency_key: IdempotencyKeyDep,
    source: Annotated[
        str, Query(max_length=200, description="File name, used in problem reports.")
    ] = "request",
    folder: Annotated[
        BankFolder,
        Query(
            description=(
                "The seed folder the file belongs to: questions (certification, active),"
                " practice (practice pool, active) or reserve (certification, inactive)."
            )
        ),
    ] = BankFolder.QUESTIONS,
) -> Response:
    text = (await request.body()).decode("utf-8", errors="replace")

    async def write() -> QuestionWritesView:
        bank = read_bank(text, source=source, folder=folder)
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


@router.get("/questions", summary="Questions, without answer keys or explanations")
async def list_questions(
    _: AdminPrincipal,
    uow: CatalogUow,
    specialty: str | None = None,
    question_status: Annotated[QuestionStatus | None, Query(alias="status")] = None,
) -> list[QuestionAdminView]:
    return await queries.admin_questions(uow=uow, specialty_slug=specialty, status=question_status)


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
    uow: CatalogUow,
    idempotency_key: IdempotencyKeyDep,
) -> Response:
    async def write() -> QuestionAdminView:
        entry = BankFileEntry(question=body.question, tags=tuple(body.tags), location=("question",))
        await questions.create_question(uow=uow, entry=entry)
        return await queries.admin_question(uow=uow, question_id=body.question.id)

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
    question_id: QuestionIdPath, _: AdminPrincipal, uow: CatalogUow
) -> QuestionAdminView:
    return await queries.admin_question(uow=uow, question_id=question_id)


@router.put(
    "/questions/{question_id}",
    summary="Replace a question; changed content needs a higher version",
)
async def update_question(
    question_id: QuestionIdPath, body: QuestionWrite, _: AdminPrincipal, uow: CatalogUow
) -> QuestionAdminView:
    entry = BankFileEntry(question=body.question, tags=tuple(body.tags), location=("question",))
    await questions.update_question(uow=uow, question_id=question_id, entry=entry)
    view = await queries.admin_question(uow=uow, question_id=question_id)
    await uow.commit()
    return view


@router.post(
    "/questions/{question_id}/retire",
    openapi_extra=IDEMPOTENT_BY_NATURE,
    summary="Retire a question (QuestionRetired goes out with the next publish)",
)
async def retire_question(
    question_id: QuestionIdPath, _: AdminPrincipal, uow: CatalogUow
) -> QuestionAdminView:
    return await _set_status(uow, question_id, QuestionStatus.RETIRED)


@router.post(
    "/questions/{question_id}/restore",
    openapi_extra=IDEMPOTENT_BY_NATURE,
    summary="Bring a retired question back (published again with the next publish)",
)
async def restore_question(
    question_id: QuestionIdPath, _: AdminPrincipal, uow: CatalogUow
) -> QuestionAdminView:
    return await _set_status(uow, question_id, QuestionStatus.ACTIVE)


async def _set_status(
    uow: CatalogUow, question_id: str, question_status: QuestionStatus
) -> QuestionAdminView:
    record = await questions.set_question_status(
        uow=uow, question_id=question_id, status=question_status
    )
    view = queries.question_view(record)
    await uow.commit()
    return view


class ReplacementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    replacement_id: str | None = Field(
        default=None,
        max_length=64,
        description=(
            "The reserve item to promote; omitted: the reserve item of the same section and"
            " difficulty that best matches the retired one's language, then topic."
        ),
        examples=["cod-py-r01", None],
    )


class ReplacementView(BaseModel):
    model_config = ConfigDict(frozen=True)

    retired: QuestionAdminView
    promoted: QuestionAdminView
    bank_version: int = Field(description="The bank version the swap went out under.")
    published: bool = Field(
        description="True when the specialty is live and the swap was published with it."
    )


@router.post(
    "/questions/{question_id}/replace",
    response_model=ReplacementView,
    summary="Retire a certification question and promote a reserve item in its place",
    description=(
        "For exposure control: the active certification bank keeps its size. When the specialty"
        " is live, the swap is published in the same transaction (QuestionRetired and"
        " QuestionPublished under a new bank version). 409 when the question is not an active"
        " certification item or no reserve item of its stratum is left."
    ),
)
async def replace_question(
    question_id: QuestionIdPath,
    *,
    request: Request,
    principal: AdminPrincipal,
    uow: CatalogUow,
    clock: ClockDep,
    idempotency_key: IdempotencyKeyDep,
    body: ReplacementRequest | None = None,
) -> Response:
    async def write() -> ReplacementView:
        swap = await rotation.replace_from_reserve(
            uow=uow,
            question_id=question_id,
            replacement_id=body.replacement_id if body else None,
            now=clock(),
        )
        return ReplacementView(
            retired=queries.question_view(swap.retired),
            promoted=queries.question_view(swap.promoted),
            bank_version=swap.bank_version,
            published=swap.published,
        )

    return await respond_once(
        uow=uow,
        request=request,
        principal=principal,
        key=idempotency_key,
        status_code=status.HTTP_200_OK,
        write=write,
    )
