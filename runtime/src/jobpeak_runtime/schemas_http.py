"""``GET /schemas/<ce_type>.json``: the JSON Schema of each event this service produces.

Every record carries ``ce_dataschema = urn:jobpeak:schema:<ce_type>``; a reader resolves it on
the producing service (named by the ``ce_type`` and ``ce_source``) at the path this router
serves, and gets exactly the committed ``contracts/schemas/<ce_type>.json`` (both come from
:func:`jobpeak_contracts.schemas.event_schema`). ``GET /schemas`` lists them. The documents are
derived from the installed contracts when the router is built, so they never drift from what the
service encodes.
"""

from __future__ import annotations

from collections.abc import Iterable

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import JSONResponse
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import ALL_EVENTS
from jobpeak_contracts.schemas import SCHEMA_HTTP_PATH, JsonObject, event_schema

SCHEMA_MEDIA_TYPE = "application/schema+json"


def schema_router(*, service: str, events: Iterable[type[Event]] = ALL_EVENTS) -> APIRouter:
    """Serves the payload schemas of the ``events`` that ``service`` produces."""
    documents: dict[str, JsonObject] = {
        cls.ce_type(): event_schema(cls) for cls in events if cls.source_service == service
    }
    router = APIRouter(tags=["event schemas"])

    @router.get("/schemas", summary="The event schemas this service publishes")
    async def list_schemas() -> list[dict[str, str]]:
        return [
            {
                "ce_type": ce_type,
                "id": document["$id"],
                "path": SCHEMA_HTTP_PATH.format(ce_type=ce_type),
            }
            for ce_type, document in sorted(documents.items())
        ]

    @router.get(
        SCHEMA_HTTP_PATH,
        summary="The JSON Schema (2020-12) of one event's payload, by CloudEvents type",
        response_class=JSONResponse,
        responses={
            status.HTTP_200_OK: {"content": {SCHEMA_MEDIA_TYPE: {}}},
            status.HTTP_404_NOT_FOUND: {"description": "No event of this service by that type."},
        },
    )
    async def get_schema(ce_type: str) -> JSONResponse:
        document = documents.get(ce_type)
        if document is None:
            raise HTTPException(
                status_code=status.HTTP_404_NOT_FOUND,
                detail="this service publishes no event of that type; see GET /schemas",
            )
        return JSONResponse(document, media_type=SCHEMA_MEDIA_TYPE)

    return router
