"""Exposure control's admin side: a certification item is swapped for a reserve item over HTTP,
and the swap reaches testing under a new bank version while the bank keeps its size."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jobpeak_contracts.events import QuestionPublished, QuestionRetired, SpecialtyPublished
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES

pytestmark = pytest.mark.integration


async def test_an_admin_replaces_an_exposed_item_from_the_reserve(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    assert (await catalog.admin.post(f"/admin/specialties/{slug}/publish")).status_code == 200

    response = await catalog.admin.post("/admin/questions/tw-easy-001/replace", json={})
    again = await catalog.admin.post("/admin/questions/tw-easy-001/replace", json={})
    unknown = await catalog.admin.post(
        "/admin/questions/tw-easy-002/replace", json={"replacement_id": "tw-r-nope"}
    )

    assert response.status_code == 200, response.text
    swap = response.json()
    assert (swap["retired"]["id"], swap["retired"]["status"]) == ("tw-easy-001", "retired")
    assert (swap["promoted"]["id"], swap["promoted"]["status"]) == ("tw-r-easy-001", "active")
    assert (swap["bank_version"], swap["published"]) == (2, True)
    assert "answer" not in swap["promoted"]
    assert again.status_code == 409
    assert "only an active item can be replaced" in again.text
    assert unknown.status_code == 404
    await catalog.relayed()
    second = [
        r.event for r in await catalog.read(CATALOG_QUESTION_BANK) if r.event.bank_version == 2
    ]
    assert sorted((type(e).__name__, e.question_id) for e in second) == [
        (QuestionPublished.__name__, "tw-r-easy-001"),
        (QuestionRetired.__name__, "tw-easy-001"),
    ]
    latest = (await catalog.read(CATALOG_SPECIALTIES))[-1].event
    assert isinstance(latest, SpecialtyPublished)
    assert (latest.bank_version, latest.bank_question_count) == (2, 16)
    view = (await catalog.admin.get(f"/admin/specialties/{slug}")).json()
    easy = next(
        s
        for s in view["active_questions"]
        if (s["pool"], s["section"], s["difficulty"]) == ("certification", "domain", "easy")
    )
    assert (easy["active"], easy["reserve"]) == (4, 0)
