"""Over HTTP, on the in-memory catalog: every refusal is problem details naming what is wrong."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from jobpeak_catalog.app import build_app
from jobpeak_catalog.settings import CatalogSettings
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.http import unit_of_work
from pydantic import SecretStr

from services.catalog.tests.unit.fakes import CatalogStore, FakeCatalogUnitOfWork

pytestmark = pytest.mark.unit

PROBLEM_JSON = "application/problem+json"


@pytest.fixture
async def admin() -> AsyncIterator[httpx.AsyncClient]:
    """The catalog's app with its unit of work on an in-memory store; no lifespan, no I/O."""
    settings = CatalogSettings(
        database_url="postgresql+asyncpg://catalog@127.0.0.1:1/catalog",
        jwt_secret=SecretStr("unit-tests-only-5d1f3a7c9e2b4d6f8a0c"),
        environment="test",
    )
    app = build_app(settings)
    store = CatalogStore()

    async def in_memory() -> AsyncIterator[FakeCatalogUnitOfWork]:
        async with FakeCatalogUnitOfWork(store) as uow:
            yield uow

    app.dependency_overrides[unit_of_work] = in_memory
    token = TokenIssuer.from_settings(settings).issue(subject="admin-1", role=Role.ADMIN)
    # ASGITransport runs no lifespan: the database and the broker are never reached.
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://catalog",
        headers={"Authorization": f"Bearer {token}"},
    ) as client:
        yield client


@pytest.fixture
def profile(writing_seed_dir: Path) -> dict[str, Any]:
    document = yaml.safe_load((writing_seed_dir / "specialty.yaml").read_text(encoding="utf-8"))
    return {k: v for k, v in document.items() if k not in ("practice", "certification")}


async def test_an_admin_retrying_a_create_gets_the_first_answer_and_a_clash_names_the_field(
    admin: httpx.AsyncClient, profile: dict[str, Any]
) -> None:
    keyed = {"Idempotency-Key": "create-writing-1"}
    first = await admin.post("/admin/specialties", json=profile, headers=keyed)
    again = await admin.post("/admin/specialties", json=profile, headers=keyed)
    clash = await admin.post("/admin/specialties", json=profile)
    reused = await admin.post(
        "/admin/specialties", json={**profile, "slug": "other"}, headers=keyed
    )

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert (clash.status_code, clash.headers["content-type"]) == (409, PROBLEM_JSON)
    assert clash.json()["errors"] == [
        {"location": "slug", "message": "a specialty 'technical-writing' already exists"}
    ]
    assert reused.status_code == 409
    assert reused.json()["type"] == "urn:jobpeak:problem:idempotency-key-reused"


async def test_a_bad_bank_file_is_refused_naming_the_file_and_each_entry(
    admin: httpx.AsyncClient, profile: dict[str, Any]
) -> None:
    await admin.post("/admin/specialties", json=profile)

    response = await admin.post(
        "/admin/specialties/technical-writing/bank-imports",
        params={"source": "bank.yaml"},
        content=b"questions: [{id: tw-1, answer: secret-key}, 7]",
        headers={"content-type": "application/yaml"},
    )

    problem = response.json()
    assert (response.status_code, problem["type"]) == (422, "urn:jobpeak:problem:invalid-input")
    assert problem["source"] == "bank.yaml"
    assert [error["location"] for error in problem["errors"]] == [
        "questions[0].format",
        "questions[1]",
    ]
    assert "secret-key" not in response.text


async def test_a_missing_specialty_and_an_unpublishable_one_are_problems(
    admin: httpx.AsyncClient, profile: dict[str, Any]
) -> None:
    await admin.post("/admin/specialties", json=profile)

    missing = await admin.get("/specialties/technical-writing")
    refused = await admin.post("/admin/specialties/technical-writing/publish")

    assert (missing.status_code, missing.json()["type"]) == (404, "urn:jobpeak:problem:not-found")
    assert refused.status_code == 409
    assert refused.json()["errors"] == [
        {"location": "practice", "message": "no blueprint defined yet"},
        {"location": "certification", "message": "no blueprint defined yet"},
    ]
