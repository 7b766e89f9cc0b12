"""Assembling an attempt: a stratified random draw from the blueprint, options shuffled.

Every count comes from the blueprint. Within each stratum the draw prefers questions the candidate
has not seen in an earlier attempt and falls back to seen ones only when the unseen cannot fill
it; given exposure counts (certification), it takes the least-exposed of them first. Items are
served section by section, shuffled within a section so difficulty does not show through the
order. Choice options are shown in a per-attempt order under positional labels
(``a``, ``b``, …), so a label never names the same option in two attempts.

The whole draw is a function of the pool, the seen set, the exposure counts and the seed; the
service stores the seed and the resulting draw, so the stored draw can be checked against a re-run
(given the same counts) on any platform and Python version. The randomness is a SHAKE-128
stream of 32-bit words keyed by the seed (:func:`draw_stream`), not :mod:`random`: seeding a
Mersenne Twister costs more than the rest of a draw, and its algorithms are only stable within
one Python minor version. Each random choice reads one word, reduced modulo the number of
choices: a bias below 4e-8 for strata of up to 150 questions and the 24 orders of four options,
below 1e-5 for the 40,320 orders of eight.

The per-item loops live in :mod:`~jobpeak_testing.domain.kernels`, which the build compiles with
mypyc (ADR 11); this module plans the draw and checks the bank can fill it.
"""

from __future__ import annotations

import hashlib
import sys
from array import array
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, cast

from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import Question

from jobpeak_testing.domain.balance import balanced
from jobpeak_testing.domain.compiled import kernels
from jobpeak_testing.domain.errors import DomainError
from jobpeak_testing.domain.orderings import OptionOrder
from jobpeak_testing.domain.pool import PooledQuestion, QuestionPool, Stratum, strata_of

DISPLAY_LABELS = "abcdefgh"
"""Labels of the options in the order they are shown; the contracts allow at most eight."""

_STREAM_DOMAIN = b"jobpeak-testing/draw/v1:"
"""Prefix of the seed in the stream's input; a new draw algorithm must change it."""


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
    option_orders: tuple[OptionOrder, ...]
    cells: bytes
    """Each item's :attr:`~PooledQuestion.cell`, so grading counts per stratum by index."""

    @classmethod
    def of(
        cls, seed: int, questions: Iterable[PooledQuestion], option_orders: Iterable[OptionOrder]
    ) -> Draw:
        served = tuple(questions)
        return cls(seed, served, tuple(option_orders), bytes([entry.cell for entry in served]))

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
    try:
        _strata(blueprint, pool)
    except BankCannotFill as refused:
        return refused.shortfalls
    return ()


def draw_stream(seed: int, words: int) -> Sequence[int]:
    """The first ``words`` 32-bit words (little-endian) of the draw stream of ``seed``."""
    key = _STREAM_DOMAIN + seed.to_bytes(8, "big", signed=True)
    stream = hashlib.shake_128(key).digest(4 * words)
    if sys.byteorder == "little":
        return memoryview(stream).cast("I")
    swapped = array("I", stream)
    swapped.byteswap()
    return swapped


def assemble(
    *,
    blueprint: Blueprint,
    pool: QuestionPool,
    seen: Collection[str],
    seed: int,
    exposure: Mapping[str, int] | None = None,
) -> Draw:
    """Draw one attempt of ``blueprint`` from ``pool``; ``BankCannotFill`` if it is too small.

    ``seen`` holds the ids of questions the candidate was served before; ``exposure`` how many
    attempts served each question (certification only): within a stratum the draw takes unseen
    questions first, the least exposed of them first, ties in the seed's random order. A
    blueprint's domain minima are then met by :func:`~jobpeak_testing.domain.balance.balanced`.
    """
    strata = _strata(blueprint, pool)
    words = draw_stream(seed, kernels.words_needed(strata))
    served = exposure if isinstance(exposure, dict) else dict(exposure or {})
    drawn, orders, cells = kernels.draw(strata, words, seen, served)
    draw = Draw(seed, cast("tuple[PooledQuestion, ...]", tuple(drawn)), tuple(orders), cells)
    return balanced(draw, blueprint=blueprint, pool=pool, seen=seen)


def _strata(blueprint: Blueprint, pool: QuestionPool) -> list[kernels.Stratum]:
    """What the kernel draws from, stratum by stratum; ``BankCannotFill`` naming every shortfall."""
    plan = strata_of(blueprint)
    strata: list[kernels.Stratum] = []
    shortfalls: list[Shortfall] = []
    for position, (stratum, count) in enumerate(plan):
        members = pool.in_stratum(stratum)
        if len(members) < count:
            shortfalls.append(Shortfall(stratum=stratum, needed=count, available=len(members)))
        last = position + 1 == len(plan) or plan[position + 1][0].section is not stratum.section
        strata.append((members, count, last))
    if shortfalls:
        raise BankCannotFill(blueprint=blueprint, shortfalls=tuple(shortfalls))
    return strata
