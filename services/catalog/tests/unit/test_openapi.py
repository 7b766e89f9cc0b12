"""The API is documented: every route, its error shape and examples (built, never served).

The routes are read from the app itself, so a route added without documentation, or a creating
route added without ``Idempotency-Key``, fails here; the last tests add such routes on purpose.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from jobpeak_catalog.api.problems import ERROR_STATUSES
from jobpeak_catalog.app import build_app
from jobpeak_catalog.settings import CatalogSettings
from pydantic import SecretStr

pytestmark = pytest.mark.unit

IDEMPOTENCY_HEADER = "Idempotency-Key"
ERROR_SCHEMA = "#/components/schemas/Problem"
PROBLEM_JSON = "application/problem+json"


def catalog_app() -> FastAPI:
    settings = CatalogSettings(
        database_url="postgresql+asyncpg://catalog@127.0.0.1:1/catalog",
        jwt_secret=SecretStr("unit-tests-only-5d1f3a7c9e2b4d6f8a0c"),
        environment="test",
    )
    return build_app(settings)


def operations(app: FastAPI) -> list[tuple[str, str, bool]]:
    """``(method, path, is the catalog's own)`` of every API route the app serves.

    The runtime's own routes are left out where the runtime hides them on purpose (metrics).
    """
    found: list[tuple[str, str, bool]] = []
    for context in iter_route_contexts(app.routes):
        if not isinstance(context.original_route, APIRoute):
            continue
        own = not context.endpoint.__module__.startswith("jobpeak_runtime.")
        if not own and not context.include_in_schema:
            continue
        path = str(context.path_format)
        found.extend((method, path, own) for method in sorted(context.methods or ()))
    return found


def undocumented(app: FastAPI) -> list[str]:
    """Routes missing from the OpenAPI, or not documenting the catalog's error statuses."""
    paths = app.openapi()["paths"]
    missing = []
    for method, path, own in operations(app):
        operation = paths.get(path, {}).get(method.lower())
        if operation is None:
            missing.append(f"{method} {path}")
            continue
        for status_code in ERROR_STATUSES if own else ():
            content = operation["responses"].get(str(status_code), {}).get("content", {})
            schema = content.get(PROBLEM_JSON, {}).get("schema", {})
            if schema.get("$ref") != ERROR_SCHEMA:
                missing.append(f"{method} {path} {status_code}")
    return missing


def creating_without_a_key(app: FastAPI) -> list[str]:
    """POST routes that neither take ``Idempotency-Key`` nor say they are idempotent."""
    paths = app.openapi()["paths"]
    found = []
    for method, path, _ in operations(app):
        if method != "POST":
            continue
        operation = paths[path]["post"]
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        if IDEMPOTENCY_HEADER not in headers and operation.get("x-idempotent") is not True:
            found.append(f"{method} {path}")
    return found


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    schema: dict[str, Any] = catalog_app().openapi()
    return schema


def test_every_route_is_documented() -> None:
    app = catalog_app()

    assert len(operations(app)) >= 19
    assert undocumented(app) == []


def test_every_creating_route_takes_an_idempotency_key() -> None:
    app = catalog_app()

    assert creating_without_a_key(app) == []
    assert ("POST", "/admin/specialties", True) in operations(app)


def test_a_route_left_out_of_the_documentation_is_caught() -> None:
    app = catalog_app()
    hidden = APIRouter()

    @hidden.get("/admin/hidden", include_in_schema=False)
    async def hidden_route() -> None: ...

    @hidden.get("/admin/bare")
    async def route_without_error_shapes() -> None: ...

    app.include_router(hidden)

    assert undocumented(app) == [
        "GET /admin/hidden",
        *(f"GET /admin/bare {status_code}" for status_code in ERROR_STATUSES),
    ]


def test_a_creating_route_without_an_idempotency_key_is_caught() -> None:
    app = catalog_app()
    careless = APIRouter()

    @careless.post("/admin/things", status_code=201)
    async def create_thing() -> None: ...

    app.include_router(careless)

    assert creating_without_a_key(app) == ["POST /admin/things"]


def test_examples_and_error_shapes_are_published(openapi: dict[str, Any]) -> None:
    text = json.dumps(openapi)
    publish = openapi["paths"]["/admin/specialties/{slug}/publish"]["post"]

    assert {"404", "409", "422"} <= set(publish["responses"])
    assert "Cognition Test" in text
    assert "Practice test: free, 15 questions" in text
    bank_import = openapi["paths"]["/admin/specialties/{slug}/bank-imports"]["post"]
    assert "application/yaml" in bank_import["requestBody"]["content"]
