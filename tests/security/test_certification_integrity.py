"""Issue 15's attack, replayed: practice must not be an oracle for certification keys.

The harvester (see ``harvester.py``) probes practice with many fresh subjects and reads every
field of every response, the practice feedback included (which by design shows the keys of the
practice items). The test holds the seed (the judge may know the keys and each question's pool;
the attacker does not) and asserts that nothing it learned is a certification key, that no
practice response ever names a certification item, and that a candidate answering the Cognition
Test from what practice revealed scores no better than guessing (within ``SIGMAS`` standard
deviations of a blind guesser's mean).
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass

import pytest
import yaml
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
    QuestionPool,
    Section,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from jobpeak_devstack.platform import CODING_SEED, Platform
from jobpeak_journey.answer_keys import AnswerKeys, strings_in
from jobpeak_journey.client import PlatformClient, ResponseLog
from jobpeak_journey.models import Item
from jobpeak_journey.steps import (
    answer,
    checkout,
    pay,
    start_attempt,
    submit,
    wait_for_entitlement,
)
from jobpeak_runtime.auth import Role

from tests.security.harvester import Harvest, as_answer, harvest_keys

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

SLUG = "coding"
SEED = 15
MAX_PROBES = 400
MAX_SECONDS = 60.0
"""Bounds of the probing. It stops earlier once it has nothing left to learn: two pools end it
after ~20 probes (every practice item seen and solved from the feedback); one shared pool keeps
it probing to a bound, learning certification keys two bits at a time."""
MIN_ITEMS_SEEN = 45
"""A probe run that saw fewer distinct practice items proves nothing (three practice forms)."""
SIGMAS = 4.0
"""Tolerance over the chance score: a guesser exceeds mean + 4 sigma about once in 30,000 runs."""


@dataclass(frozen=True)
class Probed:
    harvest: Harvest
    log: ResponseLog


@pytest.fixture(scope="module")
def keys() -> AnswerKeys:
    return AnswerKeys.from_seed()


@pytest.fixture(scope="module")
def certification_ids(keys: AnswerKeys) -> set[str]:
    return {
        qid
        for qid, question in keys.questions.items()
        if question.pool is QuestionPool.CERTIFICATION
    }


@pytest.fixture(scope="module")
async def probed(private_platform: Platform) -> Probed:
    log = ResponseLog()
    async with PlatformClient.connect(private_platform, on_response=log.record) as client:
        harvest = await harvest_keys(
            client, slug=SLUG, max_probes=MAX_PROBES, max_seconds=MAX_SECONDS, seed=SEED
        )
    return Probed(harvest, log)


async def test_practice_probing_learns_no_certification_key(
    probed: Probed, keys: AnswerKeys, certification_ids: set[str]
) -> None:
    knowledge = probed.harvest.knowledge
    learned = set(knowledge.keys)
    right = {qid for qid in learned if _is_key(keys, knowledge.seen[qid], knowledge.keys[qid])}
    print(
        f"\n[attack] {probed.harvest.probes} practice probes in {probed.harvest.seconds:.0f} s"
        f" (refused: {probed.harvest.refusals}); {len(knowledge.seen)} distinct items seen;"
        f" {len(learned)} keys inferred, {len(right)} of them right;"
        f" {len(learned & certification_ids)} certification keys learned"
    )
    assert len(knowledge.seen) >= MIN_ITEMS_SEEN, "the probes saw too little to prove anything"
    assert not learned & certification_ids
    assert not set(knowledge.seen) & certification_ids, "practice served certification items"
    named = {text for response in probed.log.responses for text in strings_in(response.body)}
    assert not named & certification_ids, "a practice response names a certification item"


async def test_answering_from_practice_scores_at_chance_on_certification(
    probed: Probed, private_platform: Platform, keys: AnswerKeys
) -> None:
    rng = random.Random(SEED)
    knowledge = probed.harvest.knowledge
    async with PlatformClient.connect(private_platform) as client:
        candidate = client.caller(Role.CANDIDATE, subject=str(uuid.uuid4()))
        order = await checkout(client, candidate=candidate, slug=SLUG)
        await pay(client, order=order)
        await wait_for_entitlement(client, candidate=candidate, order=order)
        attempt = await start_attempt(
            client, candidate=candidate, slug=SLUG, kind=BlueprintKind.CERTIFICATION
        )
        from_practice = 0
        for item in attempt.items:
            guess = knowledge.keys.get(item.question_id)
            from_practice += guess is not None
            if guess is None:
                guess = rng.choice(knowledge.candidates(item))
            body = as_answer(item, guess)
            await answer(
                client, candidate=candidate, attempt_id=attempt.attempt_id, item=item, response=body
            )
        result = await submit(client, candidate=candidate, attempt_id=attempt.attempt_id)
    mean, sigma = _chance(keys, attempt.items)
    print(
        f"\n[attack] certification answered from practice: {from_practice} of"
        f" {len(attempt.items)} items recognised; total {result.total_score:.1%}"
        f" (chance {mean:.1%} ± {sigma:.1%}, pass mark {result.pass_mark:.0%})"
    )
    assert not result.passed
    assert result.total_score <= mean + SIGMAS * sigma


def _is_key(keys: AnswerKeys, item: Item, guess: tuple[str, object]) -> bool:
    body = as_answer(item, guess)
    try:
        return body == keys.correct(item)
    except LookupError:
        return False


def _weights() -> dict[str, float]:
    specialty = yaml.safe_load((CODING_SEED / "specialty.yaml").read_text())
    weights = specialty["certification"]["domain"]["weights"]
    return {str(level): float(points) for level, points in weights.items()}


def _chance(keys: AnswerKeys, items: list[Item]) -> tuple[float, float]:
    """Mean and standard deviation of the total score of a uniform guesser on ``items``."""
    weights = _weights()
    total = mean = variance = 0.0
    for item in items:
        question = keys.questions[item.question_id]
        weight = 1.0
        if item.section is Section.DOMAIN and question.difficulty is not None:
            weight = weights[str(question.difficulty)]
        p = _guess_probability(question, item)
        total += weight
        mean += weight * p
        variance += weight * weight * p * (1 - p)
    return mean / total, math.sqrt(variance) / total


def _guess_probability(question: Question, item: Item) -> float:
    """The chance that the harvester's blind guess (one option, value or line) is the key."""
    match question:
        case SingleChoiceQuestion():
            return 1 / len(question.options)
        case TrueFalseQuestion():
            return 0.5
        case MultipleSelectQuestion():
            return 1 / len(question.options) if len(question.answer) == 1 else 0.0
        case FaultyLinesQuestion():
            lines = item.line_count or len((question.code or "").splitlines())
            return 1 / lines if len(question.answer) == 1 else 0.0
