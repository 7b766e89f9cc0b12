"""``Idempotency-Key`` on the catalog's writes: a retried request gets the first response again.

The header, its validation, the refusal of a reused key and the replay header are the runtime's
(:mod:`jobpeak_runtime.idempotency`). The runtime derives a new resource's id from the key; the
catalog's resources are named by their authors (a slug, a question id) and publishing creates
no resource at all, so the catalog remembers the first response instead. The key is claimed
(``uow.idempotency_keys``) inside the request's own unit of work, before the write runs. A
concurrent request with the same key waits on that claim until the first commits (then replays
its response) or rolls back (then claims the key itself). A failed write rolls the claim back
with everything else, so only writes that happened are remembered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from jobpeak_runtime.auth import Principal
from jobpeak_runtime.idempotency import REPLAYED_HEADER, IdempotencyKeyReused
from pydantic import BaseModel

from jobpeak_catalog.application.ports import CatalogUnitOfWork

IDEMPOTENT_BY_NATURE: dict[str, Any] = {"x-idempotent": True}
"""``openapi_extra`` of a POST route that needs no key: repeating it changes nothing more and
answers the same (setting a status). Every other POST route takes ``Idempotency-Key``."""


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
        raise IdempotencyKeyReused("this Idempotency-Key was used for a different request")
    return JSONResponse(
        stored.body, status_code=stored.status_code, headers={REPLAYED_HEADER: "true"}
    )
