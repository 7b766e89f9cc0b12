"""Rotating the certification bank: a retired item is replaced by a reserve item of its stratum.

Exposure control retires certification items that too many attempts have served; promoting a
reserve item of the same section and difficulty keeps the active bank at its size (the seed's
150) and every stratum as full as before, so the blueprint stays feasible. Among the reserve
items of the stratum, one that shares the retired item's language, then its topic, is preferred,
so the bank's coverage moves as little as possible.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobpeak_contracts.questions import Question, QuestionPool

from jobpeak_catalog.domain.bank import BankEntry, QuestionStatus
from jobpeak_catalog.domain.feasibility import stratum_of


def retirement_problem(entry: BankEntry) -> str | None:
    """Why ``entry`` cannot be replaced from the reserve, or None."""
    question = entry.question
    if question.pool is not QuestionPool.CERTIFICATION:
        return f"{question.id!r} is a {question.pool.value} item; only certification items rotate"
    if entry.status is not QuestionStatus.ACTIVE:
        return f"{question.id!r} is {entry.status.value}; only an active item can be replaced"
    return None


def replacement_problem(retiring: Question, candidate: BankEntry) -> str | None:
    """Why ``candidate`` cannot take ``retiring``'s place, or None."""
    question = candidate.question
    if candidate.status is not QuestionStatus.RESERVE:
        return f"{question.id!r} is {candidate.status.value}, not a reserve item"
    if question.specialty != retiring.specialty:
        return f"{question.id!r} belongs to {question.specialty!r}, not {retiring.specialty!r}"
    if stratum_of(question) != stratum_of(retiring):
        return (
            f"{question.id!r} is {stratum_of(question)}, but {retiring.id!r} is"
            f" {stratum_of(retiring)}: a replacement keeps the stratum"
        )
    return None


def choose_replacement(retiring: Question, reserve: Iterable[BankEntry]) -> Question | None:
    """The preferred reserve item for ``retiring``: same stratum; same language, then topic."""
    fitting = [entry.question for entry in reserve if replacement_problem(retiring, entry) is None]
    if not fitting:
        return None
    return min(
        fitting,
        key=lambda q: (q.language != retiring.language, q.topic != retiring.topic, q.id),
    )
