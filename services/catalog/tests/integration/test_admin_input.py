"""Bad admin input: a 4xx naming every field at fault, and nothing written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.integration


def fields(response: Any) -> list[str]:
    return [error["location"] for error in response.json()["errors"]]


@pytest.fixture
def writing(writing_seed_dir: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(
        (writing_seed_dir / "specialty.yaml").read_text(encoding="utf-8")
    )
    return document


@pytest.fixture
def profile(writing: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in writing.items() if k not in ("practice", "certification")}


async def test_a_blueprint_that_does_not_add_up_is_refused_field_by_field(
    catalog: Any, profile: dict[str, Any], writing: dict[str, Any]
) -> None:
    await catalog.admin.post("/admin/specialties", json=profile)
    broken = {
        **writing["certification"],
        "question_count": 9,
        "pass_mark": 1.2,
        "fee": {"amount_minor": -100, "currency": "EUR"},
    }
    broken["domain"] = {**broken["domain"], "mix": {"easy": 2, "medium": 2, "hard": 1}}

    response = await catalog.admin.put(
        "/admin/specialties/technical-writing/blueprints/certification", json=broken
    )

    assert response.status_code == 422
    assert response.json()["type"] == "urn:jobpeak:problem:invalid-input"
    assert response.headers["content-type"] == "application/problem+json"
    assert sorted(fields(response)) == ["domain.mix", "fee.amount_minor", "pass_mark"]
    missing = await catalog.admin.get(
        "/admin/specialties/technical-writing/blueprints/certification"
    )
    assert missing.status_code == 404


async def test_the_question_count_must_be_the_sum_of_the_sections(
    catalog: Any, profile: dict[str, Any], writing: dict[str, Any]
) -> None:
    await catalog.admin.post("/admin/specialties", json=profile)

    response = await catalog.admin.put(
        "/admin/specialties/technical-writing/blueprints/practice",
        json={**writing["practice"], "question_count": 5},
    )

    assert response.status_code == 422
    assert fields(response) == ["question_count"]


async def test_a_bank_file_with_one_bad_question_writes_none(
    catalog: Any, profile: dict[str, Any], writing_seed_dir: Path
) -> None:
    await catalog.admin.post("/admin/specialties", json=profile)
    bank = yaml.safe_load((writing_seed_dir / "questions" / "bank.yaml").read_text())
    bank["questions"][2]["answer"] = "z"
    bank["questions"][5]["topic"] = "poetry"
    bank["questions"][6]["language"] = "python"
    bank["questions"][7]["id"] = bank["questions"][0]["id"]

    response = await catalog.admin.post(
        "/admin/specialties/technical-writing/bank-imports",
        params={"source": "bank.yaml"},
        content=yaml.safe_dump(bank),
        headers={"Content-Type": "application/yaml"},
    )

    assert response.status_code == 422
    assert fields(response) == [
        "questions[2].answer",
        "questions[5].topic",
        "questions[6].language",
        "questions[7].id",
    ]
    assert response.json()["source"] == "bank.yaml"
    assert (await catalog.admin.get("/admin/questions")).json() == []


async def test_unknown_specialty_fields_and_values_are_named(
    catalog: Any, profile: dict[str, Any]
) -> None:
    response = await catalog.admin.post(
        "/admin/specialties",
        json={
            **profile,
            "rate_ceiling": {"amount_minor": -1, "currency": "euro"},
            "match_sla_days": 0,
            "colour": "blue",
        },
    )

    assert response.status_code == 422
    assert sorted(fields(response)) == [
        "colour",
        "match_sla_days",
        "rate_ceiling.amount_minor",
        "rate_ceiling.currency",
    ]
    assert (await catalog.admin.get("/admin/specialties")).json() == []


async def test_a_question_keyed_to_a_missing_option_is_refused(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    await seed_through_api(writing_seed_dir)
    body = {
        "question": {
            "id": "tw-easy-050",
            "version": 1,
            "specialty": "technical-writing",
            "section": "domain",
            "difficulty": "easy",
            "topic": "grammar",
            "format": "multiple_select",
            "stem": "Which are nouns?",
            "options": [{"id": "a", "text": "table"}, {"id": "b", "text": "run"}],
            "answer": ["a", "d"],
            "explanation": "Only a is a noun.",
        }
    }

    response = await catalog.admin.post("/admin/questions", json=body)

    assert response.status_code == 422
    assert fields(response) == ["question.answer"]
    assert "'d'" not in response.text  # the key is never echoed
    assert '"d"' not in response.text
    assert (await catalog.admin.get("/admin/questions/tw-easy-050")).status_code == 404


async def test_an_edit_without_a_version_bump_is_refused(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    await seed_through_api(writing_seed_dir)
    bank = yaml.safe_load((writing_seed_dir / "questions" / "bank.yaml").read_text())
    question = {k: v for k, v in bank["questions"][0].items() if k != "tags"}

    response = await catalog.admin.put(
        f"/admin/questions/{question['id']}",
        json={"question": {**question, "stem": "Which sentence is right?"}},
    )

    assert response.status_code == 422
    assert fields(response) == ["question.version"]
    stored = (await catalog.admin.get(f"/admin/questions/{question['id']}")).json()
    assert stored["stem"] == question["stem"]
    assert stored["version"] == 1


async def test_dropping_a_topic_still_in_use_is_refused(
    catalog: Any, seed_through_api: Any, profile: dict[str, Any], writing_seed_dir: Path
) -> None:
    await seed_through_api(writing_seed_dir)
    topics = {**profile["topics"], "domain": profile["topics"]["domain"][:2]}

    response = await catalog.admin.put(
        "/admin/specialties/technical-writing", json={**profile, "topics": topics}
    )

    assert response.status_code == 422
    assert fields(response) == ["topics.domain"]
    assert "structure" in response.json()["errors"][0]["message"]


async def test_admin_routes_need_an_admin(catalog: Any) -> None:
    assert (await catalog.anonymous.get("/admin/specialties")).status_code == 401
