"""``Idempotency-Key`` on creating writes: a retried request gets the first response again.

The key is claimed (``uow.idempotency_keys``) inside the request's own unit of work, before the
write runs. A concurrent request with the same key waits on that insert until
the first commits (then replays its response) or rolls back (then claims the key itself). A
failed write rolls the claim back with everything else, so only writes that happened are
remembered. Reusing a key for a different request is refused.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header, Request, Response
from fastapi.responses import JSONResponse
from jobpeak_runtime.auth import Principal
from pydantic import BaseModel

from jobpeak_catalog.application.ports import CatalogUnitOfWork
from jobpeak_catalog.domain.problems import InvalidInput, Problem

REPLAYED_HEADER = "Idempotent-Replayed"

IDEMPOTENT_BY_NATURE: dict[str, Any] = {"x-idempotent": True}
"""``openapi_extra`` of a POST route that needs no key: repeating it changes nothing more and
answers the same (setting a status). Every other POST route takes ``Idempotency-Key``."""

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
    uow: CatalogUnitOfWork,
    request: Request,
    principal: Principal,
    key: str | None,
    status_code: int,
    write: Callable[[], Awaitable[BaseModel]],
) -> Response:
    """Run ``write`` and commit, unless ``key`` was already used: then replay its response."""
    request_fingerprint = await fingerprint(request)
    keys = uow.idempotency_keys
    if key is not None and not await keys.claim(
        principal=principal.subject, key=key, request_fingerprint=request_fingerprint
    ):
        return await _replay(uow, principal, key, request_fingerprint)
    body = (await write()).model_dump(mode="json")
    if key is not None:
        await keys.remember(
            principal=principal.subject, key=key, status_code=status_code, body=body
        )
    await uow.commit()
    return JSONResponse(body, status_code=status_code)


async def _replay(
    uow: CatalogUnitOfWork, principal: Principal, key: str, request_fingerprint: str
) -> Response:
    stored = await uow.idempotency_keys.find(principal=principal.subject, key=key)
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
        stored.body, status_code=stored.status_code, headers={REPLAYED_HEADER: "true"}
    )
