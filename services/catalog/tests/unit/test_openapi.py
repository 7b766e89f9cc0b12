"""The API is documented: every route, its error shape and examples (built, never served)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from jobpeak_catalog.app import build_app
from jobpeak_catalog.settings import CatalogSettings
from pydantic import SecretStr

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    settings = CatalogSettings(
        database_url="postgresql+asyncpg://catalog@127.0.0.1:1/catalog",
        jwt_secret=SecretStr("unit-tests-only-5d1f3a7c9e2b4d6f8a0c"),
        environment="test",
    )
    schema: dict[str, Any] = build_app(settings).openapi()
    return schema


def test_every_route_is_documented(openapi: dict[str, Any]) -> None:
    routes = {(method.upper(), path) for path, item in openapi["paths"].items() for method in item}

    assert routes >= {
        ("GET", "/specialties"),
        ("GET", "/specialties/{slug}"),
        ("GET", "/admin/specialties"),
        ("POST", "/admin/specialties"),
        ("GET", "/admin/specialties/{slug}"),
        ("PUT", "/admin/specialties/{slug}"),
        ("DELETE", "/admin/specialties/{slug}"),
        ("GET", "/admin/specialties/{slug}/blueprints/{kind}"),
        ("PUT", "/admin/specialties/{slug}/blueprints/{kind}"),
        ("POST", "/admin/specialties/{slug}/bank-imports"),
        ("POST", "/admin/specialties/{slug}/publish"),
        ("POST", "/admin/specialties/{slug}/retire"),
        ("GET", "/admin/questions"),
        ("POST", "/admin/questions"),
        ("GET", "/admin/questions/{question_id}"),
        ("PUT", "/admin/questions/{question_id}"),
        ("POST", "/admin/questions/{question_id}/retire"),
        ("POST", "/admin/questions/{question_id}/restore"),
        ("GET", "/healthz"),
    }


def test_creating_writes_take_an_idempotency_key(openapi: dict[str, Any]) -> None:
    for path in (
        "/admin/specialties",
        "/admin/questions",
        "/admin/specialties/{slug}/bank-imports",
        "/admin/specialties/{slug}/publish",
        "/admin/specialties/{slug}/retire",
    ):
        names = {p["name"] for p in openapi["paths"][path]["post"]["parameters"]}
        assert "Idempotency-Key" in names, path


def test_examples_and_error_shapes_are_published(openapi: dict[str, Any]) -> None:
    text = json.dumps(openapi)
    publish = openapi["paths"]["/admin/specialties/{slug}/publish"]["post"]

    assert {"404", "409", "422"} <= set(publish["responses"])
    assert "Cognition Test" in text
    assert "Practice test: free, 15 questions" in text
    bank_import = openapi["paths"]["/admin/specialties/{slug}/bank-imports"]["post"]
    assert "application/yaml" in bank_import["requestBody"]["content"]
