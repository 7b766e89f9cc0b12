"""What a submitted practice attempt teaches: per item, the answer given, the key and why.

Practice items come from a pool of their own that certification never draws from, so showing
their keys gives nothing away about the Cognition Test; a certification attempt gets no feedback
at all (its result is the total, the section scores, the pass mark and the verdict only).
"""

from __future__ import annotations

from typing import NamedTuple

from jobpeak_contracts.blueprints import BlueprintKind

from jobpeak_testing.domain.attempt import Attempt, AttemptStatus
from jobpeak_testing.domain.responses import Response, to_response


class ItemFeedback(NamedTuple):
    position: int
    question_id: str
    response: Response | None
    """The candidate's answer in this attempt's labels; ``None`` if left blank (time ran out)."""
    correct_response: Response
    """The key, in this attempt's labels."""
    correct: bool
    explanation: str


def practice_feedback(attempt: Attempt) -> tuple[ItemFeedback, ...] | None:
    """Feedback on every item of a submitted practice attempt; ``None`` for anything else."""
    if attempt.kind is not BlueprintKind.PRACTICE or attempt.status is not AttemptStatus.SUBMITTED:
        return None
    feedback: list[ItemFeedback] = []
    for position, item in enumerate(attempt.draw.items):
        answer = attempt.answers.get(item.question_id)
        feedback.append(
            ItemFeedback(
                position=position,
                question_id=item.question_id,
                response=None if answer is None else to_response(item, answer),
                correct_response=to_response(item, item.pooled.key),
                correct=answer == item.pooled.key,
                explanation=item.question.explanation,
            )
        )
    return tuple(feedback)
