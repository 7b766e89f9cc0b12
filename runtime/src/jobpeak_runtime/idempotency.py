"""``Idempotency-Key`` for every create: one header, one id derivation, one refusal.

The platform's rule (DESIGN.md §6): a create that carries a key makes its resource's id from the
caller and the key, so a retry finds what the first request made, and the resource's primary key
settles a race between twins without any extra table::

    @router.post("/work", status_code=201, responses=problem_responses(409, 422))
    async def post_work(body: PostWork, principal: ClientPrincipal, key: IdempotencyKeyDep,
                        uow: UnitOfWorkDep, response: Response) -> WorkOut:
        work_id = idempotent_id(namespace=WORK_IDS, caller=principal.subject, key=key)
        existing = await uow.work.get(work_id)
        if existing is not None:
            if not existing.same_request_as(body):
                raise IdempotencyKeyReused("this Idempotency-Key already posted other work")
            mark_replayed(response)              # 200, the first result again
            return WorkOut.of(existing)
        ...                                      # create with work_id; a twin that committed
                                                 # first shows as a primary-key conflict

- Without a key the id is random: the request is not idempotent.
- The key is scoped to the caller (two callers may use the same key) and to the namespace
  (one per kind of resource), so a key never reaches another caller's resource.
- A key reused for a different request is refused with 409 problem details.
- A key that is not 1 to 255 printable ASCII characters is refused with 422 problem details.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, Header, Response

from jobpeak_runtime.problems import ProblemError

IDEMPOTENCY_KEY_HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
MAX_KEY_LENGTH = 255


async def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias=IDEMPOTENCY_KEY_HEADER,
            min_length=1,
            max_length=MAX_KEY_LENGTH,
            pattern=r"^[\x20-\x7E]+$",
            description=(
                "Makes the create safe to retry: 1-255 printable ASCII characters, unique per "
                "request of this caller. A retry with the same key answers with the first result."
            ),
            examples=["3c1d2e4f-post-work-1"],
        ),
    ] = None,
) -> str | None:
    """FastAPI dependency: the validated ``Idempotency-Key`` (else a 422 problem), or ``None``."""
    return key


IdempotencyKeyDep = Annotated[str | None, Depends(idempotency_key)]
"""The request's ``Idempotency-Key`` header, validated (422 problem otherwise), or ``None``."""


class IdempotencyKeyReused(ProblemError):
    """The caller's key already made a resource from a different request."""

    status = 409
    title = "Idempotency-Key reused"
    type_slug = "idempotency-key-reused"


def idempotent_id(*, namespace: uuid.UUID, caller: str, key: str | None) -> uuid.UUID:
    """The id of the resource a create makes: from ``caller`` and ``key``, or random without."""
    if key is None:
        return uuid.uuid4()
    return uuid.uuid5(namespace, f"{caller}\n{key}")


def mark_replayed(response: Response) -> None:
    """Answer 200 with ``Idempotent-Replayed: true``: this is the first request's result."""
    response.status_code = 200
    response.headers[REPLAYED_HEADER] = "true"
