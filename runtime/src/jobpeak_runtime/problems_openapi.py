"""Problem details in the OpenAPI document: what routes declare, and what FastAPI assumes.

``problem_responses(401, 404)`` documents a route's error statuses with the :class:`Problem`
schema (``documented({404: "No such attempt."})`` with the route's own descriptions).
:func:`document_problems` rewrites the generated document once so every error response is
``application/problem+json`` — including FastAPI's automatic 422, whose default schema
(``HTTPValidationError``) is not what the runtime answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI

from jobpeak_runtime.problems import PROBLEM_MEDIA_TYPE, Problem

PROBLEM_REF = "#/components/schemas/Problem"
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

DESCRIPTIONS: dict[int, str] = {
    400: "Malformed request.",
    401: "No valid bearer token.",
    403: "The caller's role may not do this.",
    404: "Not found (or not the caller's).",
    409: "Clashes with the current state.",
    413: "Request body too large.",
    422: "Invalid input; `errors` names each location at fault.",
    429: "Too many requests; see Retry-After.",
    503: "Temporarily unavailable; see Retry-After.",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each status documented as a problem details body."""
    return {
        status: {
            "model": Problem,
            "description": DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
        }
        for status in statuses
    }


def documented(descriptions: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route's refusals, each a problem details body described for the
    route: ``documented({404: "No such attempt."})``."""
    return {
        status: {"model": Problem, "description": description}
        for status, description in descriptions.items()
    }


def _as_problem(response: dict[str, Any]) -> None:
    content = response.get("content")
    if not isinstance(content, dict) or "application/json" not in content:
        return
    schema = json.dumps(content["application/json"].get("schema", {}))
    if PROBLEM_REF in schema or "HTTPValidationError" in schema:
        del content["application/json"]
        content[PROBLEM_MEDIA_TYPE] = {"schema": {"$ref": PROBLEM_REF}}


UNGUARDED_PATHS = frozenset({"/healthz", "/readyz", "/metrics", "/schemas"})
"""Paths the runtime answers without the database, a rate limit or a body (see ``edge``)."""


def _runtime_statuses(path: str, operation: dict[str, Any]) -> list[int]:
    """What the runtime itself may answer on any route, whatever the route declares: 503 when the
    database is away or a lock wait times out, 429 past a rate limit, 413 for a body too large.
    ``/readyz`` answers 503 while its database check fails."""
    if path == "/readyz":
        return [503]  # not ready: the database does not answer
    if path in UNGUARDED_PATHS or path.startswith("/schemas/"):
        return []
    statuses = [429, 503]
    if "requestBody" in operation:
        statuses.append(413)
    return statuses


def rewrite_error_responses(document: dict[str, Any]) -> dict[str, Any]:
    """Make every documented error response a problem, and document the statuses the runtime
    answers on every route (in place; returns ``document``)."""
    added = False
    for path, operations in document.get("paths", {}).items():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            for status in _runtime_statuses(path, operation):
                if str(status) not in responses:
                    responses[str(status)] = {
                        "description": DESCRIPTIONS[status],
                        "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}},
                    }
                    added = True
            for status, response in responses.items():
                if str(status)[:1] in {"4", "5"} and isinstance(response, dict):
                    _as_problem(response)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    if added or any(name in schemas for name in _FASTAPI_VALIDATION_SCHEMAS):
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}))
        schemas["Problem"] = problem
        for name in _FASTAPI_VALIDATION_SCHEMAS:
            schemas.pop(name, None)
    return document


def document_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` document problem details for every error response."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = rewrite_error_responses(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
