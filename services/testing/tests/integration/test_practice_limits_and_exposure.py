"""The delivery limits over HTTP on the real stack: the practice allowance (429 + Retry-After,
certification untouched) and certification exposure (admin report, /metrics)."""

from __future__ import annotations

import httpx
import pytest
from jobpeak_contracts.events import ItemExposureCapReached
from jobpeak_runtime.auth import Role
from jobpeak_runtime.testing import wait_until
from jobpeak_testing.settings import TestingSettings

from services.testing.tests.integration.harness import (
    Publisher,
    TopicReader,
    answer_all,
    running,
)
from services.testing.tests.samples import whole_bank

pytestmark = pytest.mark.integration

PRACTICE = {"specialty_slug": "coding", "kind": "practice"}
CERTIFICATION = {"specialty_slug": "coding", "kind": "certification"}


async def test_practice_past_the_allowance_is_429_and_certification_still_starts(
    testing_settings: TestingSettings, publish: Publisher
) -> None:
    settings = testing_settings.model_copy(update={"practice_attempts_per_day": 2})
    questions = whole_bank()
    by_id = {question.id: question for question in questions}
    async with running(settings) as service:
        await publish.catalog(questions)
        await service.wait_for_bank("coding", len(questions))
        await publish.payment(candidate_id="cand-limit-1")
        client = service.candidate("cand-limit-1")
        for _ in range(2):
            attempt = (await client.post("/attempts", json=PRACTICE)).json()
            await answer_all(client, attempt, by_id)
            submitted = await client.post(f"/attempts/{attempt['attempt_id']}/submission")
            assert submitted.status_code == 200, submitted.text

        refused = await client.post("/attempts", json=PRACTICE)

        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert 0 < int(refused.headers["Retry-After"]) <= 24 * 3600
        assert refused.json()["type"] == "urn:jobpeak:problem:practice-limit-reached"
        other = await service.candidate("cand-limit-2").post("/attempts", json=PRACTICE)
        assert other.status_code == 201  # the allowance is per candidate

        async def entitled() -> bool:
            return len((await client.get("/entitlements")).json()) == 1

        await wait_until(entitled, within=60, message="entitlement granted")
        certification = await client.post("/attempts", json=CERTIFICATION)
        assert certification.status_code == 201, certification.text


async def test_exposure_is_counted_per_certification_item_and_shown_to_admins_and_metrics(
    testing_settings: TestingSettings, publish: Publisher, item_responses_topic: TopicReader
) -> None:
    settings = testing_settings.model_copy(update={"exposure_cap": 2})
    questions = whole_bank()
    async with running(settings) as service:
        await publish.catalog(questions)
        await service.wait_for_bank("coding", len(questions))
        served: list[str] = []
        for number in range(2):
            candidate = f"cand-exposed-{number}"
            await publish.payment(candidate_id=candidate)
            client = service.candidate(candidate)

            async def entitled(client: httpx.AsyncClient = client) -> bool:
                return len((await client.get("/entitlements")).json()) == 1

            await wait_until(entitled, within=60, message="entitlement granted")
            attempt = (await client.post("/attempts", json=CERTIFICATION)).json()
            served += [item["question_id"] for item in attempt["items"]]
        await service.candidate("cand-practising").post("/attempts", json=PRACTICE)
        admin = service.caller("ops-1", role=Role.ADMIN)

        forbidden = await service.candidate("cand-exposed-0").get("/admin/exposure/coding")
        report = (await admin.get("/admin/exposure/coding")).json()
        metrics = (await admin.get("/metrics")).text
        capped = await item_responses_topic.wait_for(
            lambda r: isinstance(r.event, ItemExposureCapReached), count=10
        )

    assert forbidden.status_code == 403
    assert sum(report["items"].values()) == len(served) == 120  # practice is not counted
    assert {qid: report["items"][qid] for qid in served} == {
        qid: served.count(qid) for qid in served
    }
    strata = {stratum["stratum"]: stratum for stratum in report["strata"]}
    # 30 behavioural items, 20 a form: the second form reused 10, which reached the cap of 2
    assert (strata["behavioural"]["at_cap"], strata["behavioural"]["headroom"]) == (10, 1)
    assert strata["domain/medium"]["most_served"] == 1  # 60 items: two disjoint forms
    assert report["headroom"] == 1
    at_cap = {qid for qid, count in report["items"].items() if count == 2}
    assert {r.event.question_id for r in capped if isinstance(r.event, ItemExposureCapReached)} == (
        at_cap
    )
    assert 'jobpeak_testing_form_headroom{specialty_slug="coding",stratum="behavioural"} 1.0' in (
        metrics
    )
    assert (
        f'jobpeak_testing_item_exposure{{question_id="{served[0]}",specialty_slug="coding"}}'
        in (metrics)
    )
