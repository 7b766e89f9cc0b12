"""Publishing on real PostgreSQL and Kafka: the right events, keyed right, and only changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jobpeak_contracts.events.catalog import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
)
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES

pytestmark = pytest.mark.integration


async def test_publishing_announces_the_specialty_and_its_whole_bank(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)

    response = await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    assert response.status_code == 200, response.text
    assert response.json()["bank_version"] == 1
    assert len(response.json()["published_question_ids"]) == 16 + 12
    await catalog.relayed()
    specialties = await catalog.read(CATALOG_SPECIALTIES)
    bank = await catalog.read(CATALOG_QUESTION_BANK)
    [record] = specialties
    assert record.key == slug
    published = record.event
    assert isinstance(published, SpecialtyPublished)
    assert (published.revision, published.bank_version, published.bank_question_count) == (1, 1, 16)
    assert published.certification_blueprint.fee is not None
    assert published.certification_blueprint.fee.amount_minor == 1500
    assert published.certification_blueprint.retake_policy.lockout_days == 30
    assert published.practice_blueprint.time_limit_minutes == 10
    assert published.languages == ()
    assert record.decoded.envelope.source == "/jobpeak/catalog"
    assert {r.key for r in bank} == set(response.json()["published_question_ids"])
    assert all(isinstance(r.event, QuestionPublished) for r in bank)
    assert all(r.key == r.event.question.id for r in bank)
    by_id = {r.key: r.event.question for r in bank}
    assert by_id["tw-medium-001"].answer == ["a", "c"]
    assert by_id["tw-medium-002"].answer == [3]


async def test_republishing_sends_only_what_changed(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    assert (await catalog.admin.post(f"/admin/specialties/{slug}/publish")).status_code == 200
    question = (await catalog.admin.get("/admin/questions/tw-easy-003")).json()
    edited = {
        "question": {
            **{k: question[k] for k in ("id", "specialty", "section", "difficulty", "topic")},
            "version": 2,
            "format": "single_choice",
            "stem": "Where should a README first say what the project does?",
            "options": question["options"],
            "answer": "a",
            "explanation": "The opening decides whether people read on; the rest comes later.",
        }
    }
    response = await catalog.admin.put("/admin/questions/tw-easy-003", json=edited)
    assert response.status_code == 200, response.text
    # A retirement needs a replacement so that the bank still fills two certification draws.
    replacement = {**edited["question"], "id": "tw-easy-005", "version": 1}
    response = await catalog.admin.post("/admin/questions", json={"question": replacement})
    assert response.status_code == 201, response.text
    response = await catalog.admin.post("/admin/questions/tw-easy-004/retire")
    assert response.status_code == 200, response.text

    response = await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    assert response.status_code == 200, response.text
    outcome = response.json()
    assert sorted(outcome["published_question_ids"]) == ["tw-easy-003", "tw-easy-005"]
    assert outcome["retired_question_ids"] == ["tw-easy-004"]
    assert (outcome["revision"], outcome["bank_version"]) == (2, 2)
    await catalog.relayed()
    specialties = await catalog.read(CATALOG_SPECIALTIES)
    bank = await catalog.read(CATALOG_QUESTION_BANK)
    assert [(r.event.revision, r.event.bank_version) for r in specialties] == [(1, 1), (2, 2)]
    assert len(bank) == 16 + 12 + 3
    second_publish = [r for r in bank if r.event.bank_version == 2]
    assert sorted((r.key, type(r.event).__name__) for r in second_publish) == [
        ("tw-easy-003", "QuestionPublished"),
        ("tw-easy-004", "QuestionRetired"),
        ("tw-easy-005", "QuestionPublished"),
    ]
    assert next(r for r in second_publish if r.key == "tw-easy-003").event.question.version == 2

    unchanged = await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    assert unchanged.json()["specialty_published"] is False
    assert await catalog.runtime.outbox_backlog() == 0
    assert await catalog.outbox_rows() == 1 + 16 + 12 + 1 + 3


async def test_a_blueprint_edit_republishes_the_specialty_and_no_question(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    await catalog.admin.post(f"/admin/specialties/{slug}/publish")
    blueprint = (await catalog.admin.get(f"/admin/specialties/{slug}/blueprints/practice")).json()
    blueprint.pop("version")
    response = await catalog.admin.put(
        f"/admin/specialties/{slug}/blueprints/practice", json={**blueprint, "pass_mark": 0.6}
    )
    assert response.json()["version"] == 2

    await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    await catalog.relayed()
    specialties = await catalog.read(CATALOG_SPECIALTIES)
    bank = await catalog.read(CATALOG_QUESTION_BANK)
    latest = specialties[-1].event
    assert (latest.revision, latest.bank_version) == (2, 1)
    assert latest.practice_blueprint.blueprint_version == 2
    assert latest.practice_blueprint.pass_mark == 0.6
    assert len(bank) == 16 + 12


async def test_an_unfillable_blueprint_is_refused_with_every_shortfall(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    for question_id in ("tw-hard-001", "tw-beh-001"):
        await catalog.admin.post(f"/admin/questions/{question_id}/retire")

    response = await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    assert response.status_code == 409
    problem = response.json()
    assert (problem["type"], problem["status"]) == ("urn:jobpeak:problem:publish-refused", 409)
    assert problem["errors"] == [
        {
            "location": "certification.domain/hard",
            "message": "needs 4 active questions, the certification pool has 3",
        },
        {
            "location": "certification.behavioural",
            "message": "needs 4 active questions, the certification pool has 3",
        },
    ]
    assert await catalog.outbox_rows() == 0
    view = (await catalog.admin.get(f"/admin/specialties/{slug}")).json()
    assert (view["status"], view["revision"], view["bank_version"]) == ("draft", 0, 0)
    assert (await catalog.anonymous.get(f"/specialties/{slug}")).status_code == 404


async def test_retiring_announces_it_and_takes_the_page_down(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    slug = await seed_through_api(writing_seed_dir)
    await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    response = await catalog.admin.post(f"/admin/specialties/{slug}/retire")

    assert response.json() == {"slug": slug, "revision": 2, "status": "retired"}
    assert (await catalog.anonymous.get(f"/specialties/{slug}")).status_code == 404
    assert (await catalog.anonymous.get("/specialties")).json() == []
    await catalog.relayed()
    specialties = await catalog.read(CATALOG_SPECIALTIES)
    assert [(r.key, type(r.event).__name__, r.event.revision) for r in specialties] == [
        (slug, "SpecialtyPublished", 1),
        (slug, "SpecialtyRetired", 2),
    ]
    again = await catalog.admin.post(f"/admin/specialties/{slug}/retire")
    assert again.status_code == 409


async def test_retired_questions_reach_the_topic_as_retirements(
    catalog: Any, seed_through_api: Any, writing_seed_dir: Path
) -> None:
    """A question retired before it was ever published sends nothing at all."""
    slug = await seed_through_api(writing_seed_dir)
    extra = (await catalog.admin.get("/admin/questions/tw-beh-001")).json()
    body = {
        "question": {
            **{k: extra[k] for k in ("specialty", "section", "difficulty", "topic", "options")},
            "id": "tw-beh-005",
            "version": 1,
            "format": "single_choice",
            "stem": "A draft you never sent: do you flag it?",
            "answer": "a",
            "explanation": "Yes: a is the honest choice; b and c hide the problem.",
        }
    }
    assert (await catalog.admin.post("/admin/questions", json=body)).status_code == 201
    await catalog.admin.post("/admin/questions/tw-beh-005/retire")

    await catalog.admin.post(f"/admin/specialties/{slug}/publish")

    await catalog.relayed()
    bank = await catalog.read(CATALOG_QUESTION_BANK)
    assert "tw-beh-005" not in {r.key for r in bank}
    assert not any(isinstance(r.event, QuestionRetired) for r in bank)
