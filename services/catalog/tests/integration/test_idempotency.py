"""``Idempotency-Key``: a retried creating write is applied once and answered the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.integration


@pytest.fixture
def profile(writing_seed_dir: Path) -> dict[str, Any]:
    document = yaml.safe_load((writing_seed_dir / "specialty.yaml").read_text(encoding="utf-8"))
    return {k: v for k, v in document.items() if k not in ("practice", "certification")}


async def test_a_retried_create_is_replayed(catalog: Any, profile: dict[str, Any]) -> None:
    headers = {"Idempotency-Key": "create-writing-1"}
    first = await catalog.admin.post("/admin/specialties", json=profile, headers=headers)

    again = await catalog.admin.post("/admin/specialties", json=profile, headers=headers)

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    without_key = await catalog.admin.post("/admin/specialties", json=profile)
    assert without_key.status_code == 409
    assert without_key.json()["errors"][0]["location"] == "slug"


async def test_a_key_reused_for_another_request_is_refused(
    catalog: Any, profile: dict[str, Any]
) -> None:
    headers = {"Idempotency-Key": "create-1"}
    await catalog.admin.post("/admin/specialties", json=profile, headers=headers)

    other = await catalog.admin.post(
        "/admin/specialties", json={**profile, "slug": "other-writing"}, headers=headers
    )

    assert other.status_code == 409
    assert other.json()["type"] == "urn:jobpeak:problem:idempotency-key-reused"
    assert len((await catalog.admin.get("/admin/specialties")).json()) == 1


async def test_a_retried_publish_publishes_once(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    headers = {"Idempotency-Key": "publish-writing-1"}
    first = await catalog.admin.post(f"/admin/specialties/{slug}/publish", headers=headers)

    again = await catalog.admin.post(f"/admin/specialties/{slug}/publish", headers=headers)

    assert again.json() == first.json()
    assert first.json()["revision"] == 1
    assert await catalog.outbox_rows() == 1 + 16 + 12


async def test_a_failed_write_does_not_use_up_its_key(
    catalog: Any, profile: dict[str, Any]
) -> None:
    await catalog.admin.post("/admin/specialties", json=profile)
    headers = {"Idempotency-Key": "create-2"}
    refused = await catalog.admin.post("/admin/specialties", json=profile, headers=headers)
    assert refused.status_code == 409
    deleted = await catalog.admin.delete(f"/admin/specialties/{profile['slug']}")
    assert deleted.status_code == 204

    accepted = await catalog.admin.post("/admin/specialties", json=profile, headers=headers)

    assert accepted.status_code == 201
    assert "Idempotent-Replayed" not in accepted.headers
