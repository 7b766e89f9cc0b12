"""Practice never serves a certification item, certification never serves a practice item:
checked over many seeded draws, in the domain and through the start use case."""

from __future__ import annotations

from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_testing.application.attempts import start_attempt
from jobpeak_testing.application.entitlements import grant_entitlement
from jobpeak_testing.domain.assembly import assemble
from jobpeak_testing.domain.pool import QuestionPool, pool_for

from services.testing.tests.samples import NOW, blueprint, practice_blueprint, whole_bank
from services.testing.tests.unit.catalog import published
from services.testing.tests.unit.fakes import FakeTestingUnitOfWork

pytestmark = pytest.mark.unit

QUESTIONS = whole_bank()
POOL_OF = {question.id: question.pool for question in QUESTIONS}
SEEDS = st.integers(min_value=-(2**63), max_value=2**63 - 1)
KINDS = st.sampled_from([BlueprintKind.PRACTICE, BlueprintKind.CERTIFICATION])


@settings(max_examples=300, deadline=None)
@given(seed=SEEDS, kind=KINDS, seen=st.sets(st.sampled_from(sorted(POOL_OF)), max_size=80))
def test_a_draw_serves_only_its_own_pool(seed: int, kind: BlueprintKind, seen: set[str]) -> None:
    chosen = practice_blueprint() if kind is BlueprintKind.PRACTICE else blueprint()
    pool = QuestionPool.of(QUESTIONS, pool=pool_for(kind))

    draw = assemble(blueprint=chosen, pool=pool, seen=seen, seed=seed)

    assert {POOL_OF[entry.question_id] for entry in draw.questions} == {pool_for(kind)}


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seeds=st.lists(SEEDS, min_size=4, max_size=4))
async def test_a_candidate_s_attempts_each_serve_only_their_own_pool(seeds: list[int]) -> None:
    uow = FakeTestingUnitOfWork()
    await published(uow)
    kinds = [BlueprintKind.PRACTICE, BlueprintKind.CERTIFICATION] * 2
    for number, (seed, kind) in enumerate(zip(seeds, kinds, strict=True), start=1):
        async with uow:
            if kind is BlueprintKind.CERTIFICATION:
                await grant_entitlement(
                    uow=uow,
                    order_id=UUID(int=number),
                    candidate_id="cand-1",
                    specialty_slug="coding",
                    now=NOW,
                )
            started = await start_attempt(
                uow=uow,
                candidate_id="cand-1",
                specialty_slug="coding",
                kind=kind,
                start_key=None,
                seed=seed,
                now=NOW,
            )
            await uow.commit()
        attempt = started.attempt
        served = {POOL_OF[entry.question_id] for entry in attempt.draw.questions}
        assert served == {pool_for(kind)}
        uow.attempts.stored[attempt.id].attempt.void(now=NOW)  # free the specialty for the next


def test_each_kind_draws_from_its_own_pool() -> None:
    assert pool_for(BlueprintKind.PRACTICE) is Pool.PRACTICE
    assert pool_for(BlueprintKind.CERTIFICATION) is Pool.CERTIFICATION
