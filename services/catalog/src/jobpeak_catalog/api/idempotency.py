"""``Idempotency-Key`` on creating writes: a retried request gets the first response again.

The key is claimed with ``INSERT … ON CONFLICT DO NOTHING`` inside the request's own unit of
work, before the write runs. A concurrent request with the same key waits on that insert until
the first commits (then replays its response) or rolls back (then claims the key itself). A
failed write rolls the claim back with everything else, so only writes that happened are
remembered. Reusing a key for a different request is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Header, Request, Response
from fastapi.responses import JSONResponse
from jobpeak_runtime.auth import Principal
from jobpeak_runtime.uow import UnitOfWork
from pydantic import BaseModel
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert

from jobpeak_catalog.adapters.tables import IdempotencyKeyRow
from jobpeak_catalog.domain.problems import InvalidInput, Problem

REPLAYED_HEADER = "Idempotent-Replayed"

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=200,
        description="Any unique string; a retry with the same key returns the first response.",
        examples=["3c1d2e4f-publish-coding-1"],
    ),
]


async def fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(b"\0" + request.url.path.encode())
    digest.update(b"\0" + str(request.url.query).encode())
    digest.update(b"\0" + await request.body())
    return digest.hexdigest()


async def respond_once(
    *,
    uow: UnitOfWork,
    request: Request,
    principal: Principal,
    key: str | None,
    status_code: int,
    write: Callable[[], Awaitable[BaseModel]],
) -> Response:
    """Run ``write`` and commit, unless ``key`` was already used: then replay its response."""
    request_fingerprint = await fingerprint(request)
    if key is not None:
        claimed = await uow.session.scalar(
            insert(IdempotencyKeyRow)
            .values(principal=principal.subject, key=key, request_fingerprint=request_fingerprint)
            .on_conflict_do_nothing()
            .returning(IdempotencyKeyRow.key)
        )
        if claimed is None:
            return await _replay(uow, principal, key, request_fingerprint)
    body = (await write()).model_dump(mode="json")
    if key is not None:
        await uow.session.execute(
            update(IdempotencyKeyRow)
            .where(IdempotencyKeyRow.principal == principal.subject, IdempotencyKeyRow.key == key)
            .values(status_code=status_code, response=body)
        )
    await uow.commit()
    return JSONResponse(body, status_code=status_code)


async def _replay(
    uow: UnitOfWork, principal: Principal, key: str, request_fingerprint: str
) -> Response:
    stored = await uow.session.scalar(
        select(IdempotencyKeyRow).where(
            IdempotencyKeyRow.principal == principal.subject, IdempotencyKeyRow.key == key
        )
    )
    if stored is None or stored.status_code is None:
        raise RuntimeError("an idempotency key was claimed without a stored response")
    if stored.request_fingerprint != request_fingerprint:
        raise InvalidInput(
            [
                Problem(
                    field="Idempotency-Key",
                    message="already used for a different request; use a new key",
                )
            ]
        )
    return JSONResponse(
        stored.response, status_code=stored.status_code, headers={REPLAYED_HEADER: "true"}
    )
