"""A fresh consumer rebuilds the whole catalog from the two compacted topics alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from jobpeak_catalog.adapters.bankfiles import read_seed_directory
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_contracts.events.catalog import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.questions import Question, QuestionPool
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES

pytestmark = pytest.mark.integration


@dataclass
class Replica:
    """What a consumer that knows nothing but the topics ends up holding."""

    specialties: dict[str, SpecialtyPublished | SpecialtyRetired] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    retired_questions: set[str] = field(default_factory=set)

    def apply(self, event: Any) -> None:
        match event:
            case SpecialtyPublished() | SpecialtyRetired():
                current = self.specialties.get(event.specialty_slug)
                if current is None or current.revision < event.revision:
                    self.specialties[event.specialty_slug] = event
            case QuestionPublished():
                self.questions[event.question_id] = event.question
                self.retired_questions.discard(event.question_id)
            case QuestionRetired():
                self.questions.pop(event.question_id, None)
                self.retired_questions.add(event.question_id)


async def rebuild(catalog: Any) -> Replica:
    replica = Replica()
    for topic in (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK):
        for record in await catalog.read(topic):
            assert record.key == record.event.partition_key()
            replica.apply(record.event)
    return replica


async def test_a_fresh_consumer_rebuilds_both_specialties_and_their_banks(
    *,
    catalog: Any,
    catalog_command: Any,
    seed_through_api: Any,
    coding_seed_dir: Path,
    writing_seed_dir: Path,
    kafka_bootstrap: str,
) -> None:
    coding = read_seed_directory(coding_seed_dir)
    result = await catalog_command("import-bank", str(coding_seed_dir), "--publish")
    assert result.returncode == 0, result.stderr
    writing = await seed_through_api(writing_seed_dir)
    await catalog.admin.post(f"/admin/specialties/{writing}/publish")
    # A second round of changes: an edit and a retirement in Coding, then Writing retires.
    edited = coding.questions[0].question.model_copy(
        update={"version": coding.questions[0].question.version + 1, "stem": "Edited: which one?"}
    )
    response = await catalog.admin.put(
        f"/admin/questions/{edited.id}", json={"question": edited.model_dump(mode="json")}
    )
    assert response.status_code == 200, response.text
    certification = [
        e
        for e in coding.questions
        if e.question.pool is QuestionPool.CERTIFICATION
        and e.initial_status is QuestionStatus.ACTIVE
    ]
    retired_id = certification[-1].question.id
    await catalog.admin.post(f"/admin/questions/{retired_id}/retire")
    assert (await catalog.admin.post("/admin/specialties/coding/publish")).status_code == 200
    await catalog.admin.post(f"/admin/specialties/{writing}/retire")
    await catalog.relayed()

    replica = await rebuild(catalog)

    live_coding = replica.specialties["coding"]
    assert isinstance(live_coding, SpecialtyPublished)
    page = (await catalog.anonymous.get("/specialties/coding")).json()
    assert live_coding.revision == 2
    assert live_coding.bank_version == 2
    assert live_coding.bank_question_count == page["bank_question_count"] == len(certification) - 1
    assert live_coding.certification_blueprint.question_count() == 60
    assert live_coding.hourly_rate_ceiling.model_dump() == page["hourly_rate_ceiling"]
    assert isinstance(replica.specialties[writing], SpecialtyRetired)
    expected = {
        entry.question.id: entry.question
        for entry in coding.questions
        if entry.initial_status is QuestionStatus.ACTIVE  # the reserve is never published
    }
    expected[edited.id] = edited
    del expected[retired_id]
    writing_bank = read_seed_directory(writing_seed_dir).questions
    expected.update(
        {
            entry.question.id: entry.question
            for entry in writing_bank
            if entry.initial_status is QuestionStatus.ACTIVE  # the reserve is never published
        }
    )
    assert replica.questions == expected, "content and answer keys arrive intact"
    assert replica.retired_questions == {retired_id}
    stored = (await catalog.admin.get("/admin/questions", params={"status": "active"})).json()
    assert {question["id"]: question["version"] for question in stored} == {
        question_id: question.version for question_id, question in expected.items()
    }

    admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
    await admin.start()
    try:
        names = [
            topic.qualified_name(catalog.settings.topic_prefix)
            for topic in (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK)
        ]
        described = await admin.describe_configs(
            [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
        )
    finally:
        await admin.close()
    policies = {
        resource[3]: {entry[0]: entry[1] for entry in resource[4]}["cleanup.policy"]
        for response in described
        for resource in response.resources
    }
    assert policies == dict.fromkeys(names, "compact")
