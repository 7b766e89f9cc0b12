"""A submitted attempt's stored score is what every page shows: it is never graded again."""

from __future__ import annotations

import pytest
from jobpeak_testing.adapters.tables import attempts
from sqlalchemy import update

from services.testing.tests.integration.harness import Publisher, Service, answer_all
from services.testing.tests.samples import whole_bank

pytestmark = pytest.mark.integration

CANDIDATE = "cand-5d1f7a2c"
PRACTICE = {"specialty_slug": "coding", "kind": "practice"}


async def test_history_and_result_show_the_score_stored_at_submission(
    service: Service, publish: Publisher
) -> None:
    questions = whole_bank()
    await publish.catalog(questions)
    await service.wait_for_bank("coding", len(questions))
    client = service.candidate(CANDIDATE)
    attempt = (await client.post("/attempts", json=PRACTICE)).json()
    await answer_all(client, attempt, {question.id: question for question in questions})
    submitted = (await client.post(f"/attempts/{attempt['attempt_id']}/submission")).json()
    assert (submitted["total_score"], submitted["passed"]) == (1.0, True)

    # A stored score no grading of these answers could give: pages that re-grade would show 1.0.
    async with service.runtime.engine.begin() as connection:
        await connection.execute(
            update(attempts)
            .where(attempts.c.attempt_id == attempt["attempt_id"])
            .values(total_score=0.25, domain_score=0.5, behavioural_score=0.0, passed=False)
        )

    result = (await client.get(f"/attempts/{attempt['attempt_id']}/result")).json()
    resumed = (await client.get(f"/attempts/{attempt['attempt_id']}")).json()
    again = (await client.post(f"/attempts/{attempt['attempt_id']}/submission")).json()
    [summary] = (await client.get("/attempts")).json()
    stored = {"total_score": 0.25, "domain_score": 0.5, "behavioural_score": 0.0, "passed": False}
    for shown in (result, resumed["result"], again):
        assert {name: shown[name] for name in stored} == stored
    assert (summary["total_score"], summary["passed"]) == (0.25, False)
