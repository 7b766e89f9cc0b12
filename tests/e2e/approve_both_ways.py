"""Two candidates practise until one approve-correct item has been answered right and wrong.

Approve-correct items (tagged ``model-correct`` in the seed) are keyed "the model's code is
correct": the test checks that grading credits approving one and faults flagging it. Only a
practice result shows per-item correctness, so two candidates take turns at practice attempts:
one answers every item right, the other answers approve-correct items wrong (and the rest right),
until some approve-correct item has been served to both. A candidate's practice forms favour
items it has not seen, so each turn brings new items and the two sets meet within a few turns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_devstack.platform import CODING_SEED
from jobpeak_journey import steps
from jobpeak_journey.answer_keys import AnswerKeys
from jobpeak_journey.client import Caller, PlatformClient
from jobpeak_journey.models import ItemFeedback

APPROVE_CORRECT_TAG = "model-correct"
MAX_TURNS = 6
"""Practice attempts per candidate, below testing's default allowance of 10 a day."""


def approve_correct_ids(directory: Path = CODING_SEED / "practice") -> frozenset[str]:
    """Ids of the practice items the seed tags approve-correct (tags are not served)."""
    ids: set[str] = set()
    for path in sorted(directory.glob("*.yaml")):
        for question in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
            if APPROVE_CORRECT_TAG in (question.get("tags") or ()):
                ids.add(question["id"])
    return frozenset(ids)


@dataclass
class ApproveCorrectGrading:
    """Per approve-correct item served: its feedback when answered right, and when wrong."""

    right: dict[str, ItemFeedback] = field(default_factory=dict)
    wrong: dict[str, ItemFeedback] = field(default_factory=dict)
    turns: int = 0

    def both_ways(self) -> set[str]:
        return set(self.right) & set(self.wrong)


async def answer_approve_correct_both_ways(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    approver: Caller,
    flagger: Caller,
    slug: str,
) -> ApproveCorrectGrading:
    """``approver`` answers approve-correct items right, ``flagger`` answers them wrong."""
    approve_correct = approve_correct_ids()
    grading = ApproveCorrectGrading()
    while not grading.both_ways() and grading.turns < MAX_TURNS:
        grading.turns += 1
        for candidate, seen in ((approver, grading.right), (flagger, grading.wrong)):
            feedback = await _practise(
                platform,
                keys=keys,
                candidate=candidate,
                slug=slug,
                wrong=approve_correct if candidate is flagger else frozenset(),
            )
            seen.update({f.question_id: f for f in feedback if f.question_id in approve_correct})
    return grading


async def _practise(
    platform: PlatformClient,
    *,
    keys: AnswerKeys,
    candidate: Caller,
    slug: str,
    wrong: frozenset[str],
) -> list[ItemFeedback]:
    """One practice attempt: items in ``wrong`` answered wrong, the rest right; its feedback."""
    attempt = await steps.start_attempt(
        platform, candidate=candidate, slug=slug, kind=BlueprintKind.PRACTICE
    )
    served = await steps.fetch_attempt(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    for item in served.items:
        await steps.answer(
            platform,
            candidate=candidate,
            attempt_id=attempt.attempt_id,
            item=item,
            response=keys.wrong(item) if item.question_id in wrong else keys.correct(item),
        )
    await steps.submit(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    result = await steps.result(platform, candidate=candidate, attempt_id=attempt.attempt_id)
    return list(result.feedback or ())
