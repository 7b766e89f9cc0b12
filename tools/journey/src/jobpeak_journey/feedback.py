"""Narrating what a practice result teaches: per item, the answer given, the key and why."""

from __future__ import annotations

from collections.abc import Callable

from jobpeak_journey.models import AnswerBody, Result

Narrate = Callable[[str], None]


def narrate_feedback(result: Result, *, narrate: Narrate, shown: int = 2) -> None:
    """What a practice result teaches: each item's answer, key and explanation (a few shown)."""
    feedback = result.feedback or []
    missed = [entry for entry in feedback if not entry.correct]
    narrate(
        f"reads the practice feedback: {len(feedback) - len(missed)} of {len(feedback)} right;"
        " every item shows the answer given, the correct answer and why"
    )
    for entry in (missed or feedback)[:shown]:
        given = "nothing" if entry.response is None else _shape(entry.response)
        explanation = " ".join(entry.explanation.split())
        narrate(
            f"  · {entry.question_id}: answered {given}, correct {_shape(entry.correct_response)}"
            f" — {explanation[:110]}{'…' if len(explanation) > 110 else ''}"
        )


def _shape(body: AnswerBody) -> str:
    """An answer as a reader would say it: ``b``, ``a+c``, ``line 3``, ``true``."""
    if body.choice is not None:
        return body.choice
    if body.choices is not None:
        return "+".join(body.choices)
    if body.lines is not None:
        return "line " + ", ".join(str(line) for line in body.lines)
    return str(body.value).lower()
