"""Answers in the question's own terms, and the answer key in the same terms.

An :data:`Answer` is what a response means once display labels are translated back to the
question's option ids: one option id (single choice), a set of option ids (multiple select), a set
of line numbers (faulty lines) or a boolean (true/false). The key of a question is an ``Answer``
too, so grading an item is one equality test: all-or-nothing for the set formats by construction.
"""

from __future__ import annotations

from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
)

Answer = str | bool | frozenset[str] | frozenset[int]


def answer_key(question: Question) -> Answer:
    """The answer that earns ``question``'s points."""
    if isinstance(question, MultipleSelectQuestion):
        return frozenset(question.answer)
    if isinstance(question, FaultyLinesQuestion):
        return frozenset(question.answer)
    return question.answer
