"""Assembling an attempt: a stratified random draw from the blueprint, options shuffled.

Every count comes from the blueprint. Within each stratum the draw prefers questions the candidate
has not seen in an earlier attempt and falls back to seen ones only when the unseen cannot fill
it. Items are served section by section, shuffled within a section so difficulty does not show
through the order. Choice options are shown in a per-attempt order under positional labels
(``a``, ``b``, …), so a label never names the same option in two attempts.

The whole draw is a function of the pool, the seen set and the seed; the service stores the seed
and the resulting draw, so the stored draw can be checked against a re-run (with the same Python
minor version: ``random``'s algorithms are only stable within one).

Drawing runs on every start request, so it is written for speed: one uniform variate per random
choice (``int(random() * n)``, whose bias is below 2**-40 for these sizes), option orders picked
from a table of precomputed orderings (:func:`~jobpeak_testing.domain.pool.orderings`), and the
draw returned as parallel tuples that :attr:`Draw.items` pairs up on demand.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import NamedTuple

from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import Question

from jobpeak_testing.domain.errors import DomainError
from jobpeak_testing.domain.pool import PooledQuestion, QuestionPool, Stratum, strata_of

DISPLAY_LABELS = "abcdefgh"
"""Labels of the options in the order they are shown; the contracts allow at most eight."""


@dataclass(frozen=True, slots=True)
class Shortfall:
    stratum: Stratum
    needed: int
    available: int

    def __str__(self) -> str:
        return f"{self.stratum} needs {self.needed}, the bank has {self.available}"


class BankCannotFill(DomainError):
    """The live bank holds fewer questions than the blueprint draws in one or more strata."""

    def __init__(self, *, blueprint: Blueprint, shortfalls: tuple[Shortfall, ...]) -> None:
        self.blueprint = blueprint
        self.shortfalls = shortfalls
        details = "; ".join(str(shortfall) for shortfall in shortfalls)
        super().__init__(
            f"the question bank cannot fill the {blueprint.kind.value} blueprint "
            f"(version {blueprint.blueprint_version}): {details}"
        )


class DrawnItem(NamedTuple):
    """One question of an attempt and the order its options are shown in."""

    pooled: PooledQuestion
    option_order: tuple[str, ...]
    """The question's own option ids in display order; empty for formats without options."""

    @property
    def question_id(self) -> str:
        return self.pooled.question_id

    @property
    def question(self) -> Question:
        return self.pooled.question

    @property
    def stratum(self) -> Stratum:
        return self.pooled.stratum


class Draw(NamedTuple):
    """The questions of an attempt in serving order, and each one's option order."""

    seed: int
    questions: tuple[PooledQuestion, ...]
    option_orders: tuple[tuple[str, ...], ...]

    @property
    def items(self) -> tuple[DrawnItem, ...]:
        return tuple(map(DrawnItem, self.questions, self.option_orders))

    def item(self, question_id: str) -> DrawnItem | None:
        for position, entry in enumerate(self.questions):
            if entry.question_id == question_id:
                return DrawnItem(entry, self.option_orders[position])
        return None


def find_shortfalls(*, blueprint: Blueprint, pool: QuestionPool) -> tuple[Shortfall, ...]:
    """Strata of ``blueprint`` that ``pool`` cannot fill; empty when it can."""
    return _shortfalls(strata_of(blueprint), pool)


def _shortfalls(plan: tuple[tuple[Stratum, int], ...], pool: QuestionPool) -> tuple[Shortfall, ...]:
    return tuple(
        Shortfall(stratum=stratum, needed=count, available=len(pool.in_stratum(stratum)))
        for stratum, count in plan
        if len(pool.in_stratum(stratum)) < count
    )


def assemble(*, blueprint: Blueprint, pool: QuestionPool, seen: Collection[str], seed: int) -> Draw:
    """Draw one attempt of ``blueprint`` from ``pool``; ``BankCannotFill`` if it is too small.

    ``seen`` holds the ids of questions the candidate was served before.
    """
    plan = strata_of(blueprint)
    shortfalls = _shortfalls(plan, pool)
    if shortfalls:
        raise BankCannotFill(blueprint=blueprint, shortfalls=shortfalls)
    uniform = random.Random(seed).random  # noqa: S311 - a reproducible draw, not a secret
    drawn: list[PooledQuestion] = []
    orders: list[tuple[str, ...]] = []
    section: list[PooledQuestion] = []
    for position, (stratum, count) in enumerate(plan):
        section += _draw_stratum(pool.in_stratum(stratum), count, seen, uniform)
        next_stratum = plan[position + 1][0] if position + 1 < len(plan) else None
        if next_stratum is None or next_stratum.section is not stratum.section:
            _shuffle_and_order(section, uniform, orders)
            drawn += section
            section = []
    return Draw(seed, tuple(drawn), tuple(orders))


def _draw_stratum(
    members: tuple[PooledQuestion, ...],
    count: int,
    seen: Collection[str],
    uniform: Callable[[], float],
) -> list[PooledQuestion]:
    """``count`` members, unseen ones first: a partial Fisher-Yates shuffle of each group."""
    if not seen:
        return _sample(list(members), count, uniform)
    unseen = [entry for entry in members if entry.question_id not in seen]
    if len(unseen) >= count:
        return _sample(unseen, count, uniform)
    already_seen = [entry for entry in members if entry.question_id in seen]
    return unseen + _sample(already_seen, count - len(unseen), uniform)


def _sample(
    candidates: list[PooledQuestion], count: int, uniform: Callable[[], float]
) -> list[PooledQuestion]:
    size = len(candidates)
    for index in range(count):
        other = index + int(uniform() * (size - index))
        candidates[index], candidates[other] = candidates[other], candidates[index]
    return candidates[:count]


def _shuffle_and_order(
    section: list[PooledQuestion],
    uniform: Callable[[], float],
    orders: list[tuple[str, ...]],
) -> None:
    """Shuffle ``section`` in place (Fisher-Yates) and append each item's option order."""
    size = len(section)
    for index in range(size):
        other = index + int(uniform() * (size - index))
        entry = section[other]
        section[other] = section[index]
        section[index] = entry
        table = entry.orderings
        orders.append(table[int(uniform() * len(table))](entry.option_ids) if table else ())
