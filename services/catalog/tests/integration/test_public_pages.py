"""Public pages: the seed's key facts from published data, the ceiling computed, no fee amount."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.integration


async def test_coding_page_shows_the_product_pages_key_facts(
    catalog: Any, catalog_command: Any, coding_seed_dir: Path
) -> None:
    result = await catalog_command("import-bank", str(coding_seed_dir), "--publish")
    assert result.returncode == 0, result.stderr

    response = await catalog.anonymous.get("/specialties/coding")

    assert response.status_code == 200
    page = response.json()
    assert page["key_facts"][:6] == [
        "Practice test: free, 15 questions (12 domain + 3 behavioural). Available now.",
        "Cognition Test: 60 questions (40 domain + 20 behavioural). Fee published at checkout.",
        "Pass mark: 78% — no time limit.",
        "Rate ceiling: Up to $100/hr (the highest live rate ceiling on the platform)",
        "Tier: Coding",
        "Retake policy: Yes — no lockout after a failed attempt.",
    ]
    assert page["practice"]["free"] is True
    assert page["practice"]["available"] is True
    assert page["certification"]["difficulty_mix"] == {"easy": 10, "medium": 20, "hard": 10}
    assert page["certification"]["behavioural_weighted_by_difficulty"] is False
    assert page["certification"]["fee"] == "published_at_checkout"
    assert page["certification"]["retake_policy"]["lockout"] is False
    assert page["certification"]["time_limit_minutes"] is None
    assert page["hourly_rate_ceiling"] == {"amount_minor": 10000, "currency": "USD"}
    assert page["highest_live_ceiling"] is True
    assert page["languages"] == [
        "Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++", "SQL",
    ]  # fmt: skip
    assert page["match_sla_days"] == 7
    assert 'amount_minor": 2500' not in response.text
    assert "2500" not in response.text


async def test_the_highest_live_ceiling_follows_what_is_live(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path, tmp_path: Path
) -> None:
    writing = await seed_through_api(writing_seed_dir)
    await catalog.admin.post(f"/admin/specialties/{writing}/publish")
    richer = tmp_path / "richer"
    (richer / "questions").mkdir(parents=True)
    definition = yaml.safe_load((writing_seed_dir / "specialty.yaml").read_text())
    definition.update(
        slug="legal-review",
        name="Legal review",
        rate_ceiling={"amount_minor": 20000, "currency": "USD"},
    )
    (richer / "specialty.yaml").write_text(yaml.safe_dump(definition))
    for folder in ("questions", "practice"):
        bank = yaml.safe_load((writing_seed_dir / folder / "bank.yaml").read_text())
        for question in bank["questions"]:
            question["id"] = question["id"].replace("tw-", "lr-")
            question["specialty"] = "legal-review"
        (richer / folder).mkdir(exist_ok=True)
        (richer / folder / "bank.yaml").write_text(yaml.safe_dump(bank))

    def highest() -> Any:
        return catalog.anonymous.get("/specialties")

    listing = (await highest()).json()
    assert [(s["slug"], s["highest_live_ceiling"]) for s in listing] == [(writing, True)]

    await seed_through_api(richer)
    assert [(s["slug"], s["highest_live_ceiling"]) for s in (await highest()).json()] == [
        (writing, True)
    ], "a draft is not live"
    await catalog.admin.post("/admin/specialties/legal-review/publish")
    assert [(s["slug"], s["highest_live_ceiling"]) for s in (await highest()).json()] == [
        ("legal-review", True),
        (writing, False),
    ]
    page = (await catalog.anonymous.get(f"/specialties/{writing}")).json()
    assert page["highest_live_ceiling"] is False
    assert page["key_facts"][3] == "Rate ceiling: Up to $45/hr"

    await catalog.admin.post("/admin/specialties/legal-review/retire")

    assert [(s["slug"], s["highest_live_ceiling"]) for s in (await highest()).json()] == [
        (writing, True)
    ]


async def test_the_writing_page_renders_its_own_rules(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    assert (await catalog.anonymous.get(f"/specialties/{slug}")).status_code == 404
    await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    page = (await catalog.anonymous.get(f"/specialties/{slug}")).json()

    assert page["key_facts"][:3] == [
        "Writing practice: free, 4 questions (3 domain + 1 behavioural). Available now.",
        "Writing certification: 8 questions (6 domain + 2 behavioural). Fee published at checkout.",
        "Pass mark: 70% — 45-minute time limit.",
    ]
    assert page["key_facts"][5] == (
        "Retake policy: Yes — locked out for 30 days after 3 failed attempts in a row;"
        " 24 hours between attempts; at most 5 attempts."
    )
    assert page["bank_question_count"] == 16


async def test_edits_stay_private_until_published(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    await catalog.admin.post(f"/admin/specialties/{slug}/publish")
    profile = yaml.safe_load((writing_seed_dir / "specialty.yaml").read_text())
    profile = {k: v for k, v in profile.items() if k not in ("practice", "certification")}

    await catalog.admin.put(f"/admin/specialties/{slug}", json={**profile, "tier": "Writing+"})

    assert (await catalog.anonymous.get(f"/specialties/{slug}")).json()["tier"] == "Writing"
    await catalog.admin.post(f"/admin/specialties/{slug}/publish")
    assert (await catalog.anonymous.get(f"/specialties/{slug}")).json()["tier"] == "Writing+"


async def test_no_response_carries_an_answer_key(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    responses = [
        await catalog.admin.get("/admin/questions"),
        await catalog.admin.get("/admin/questions/tw-medium-002"),
        await catalog.admin.get(f"/admin/specialties/{slug}"),
        await catalog.anonymous.get(f"/specialties/{slug}"),
    ]

    for response in responses:
        assert response.status_code == 200
        assert '"answer"' not in response.text
        assert '"explanation"' not in response.text
        assert "The checksum must be verified" not in response.text


async def test_the_service_reports_itself_live_and_ready(catalog: Any) -> None:
    assert (await catalog.anonymous.get("/healthz")).status_code == 200
    assert (await catalog.anonymous.get("/readyz")).status_code == 200
