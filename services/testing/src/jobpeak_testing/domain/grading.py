"""Grading an attempt on the server, from the blueprint it was drawn from.

A correct domain item earns the blueprint's weight for its difficulty; a correct behavioural item
earns one point unless the blueprint weights that section too. Each score is the points earned
over the points available: the domain and behavioural scores per section, the total over both. A
section the blueprint does not draw scores 0. The attempt passes iff the total reaches the pass
mark; the comparison is on the same floats the published events validate, so a grade and its
event always agree.

An item is correct iff its answer equals its key (see :mod:`~jobpeak_testing.domain.answers`),
which makes multiple select and faulty lines all-or-nothing: marking every option or every line
never scores. An unanswered item is incorrect.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress
from operator import attrgetter
from typing import NamedTuple

from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import Section

from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.pool import ALL_STRATA, PooledQuestion, Stratum

_CELL = attrgetter("cell")
_DOMAIN_CELL = tuple(stratum.section is Section.DOMAIN for stratum in ALL_STRATA)


class Grade(NamedTuple):
    total_score: float
    domain_score: float
    behavioural_score: float
    pass_mark: float
    passed: bool
    correct: tuple[bool, ...]
    """Whether each item was answered correctly, in the order the items were served."""


def stratum_weight(blueprint: Blueprint, stratum: Stratum) -> float:
    """Points a correct answer in ``stratum`` earns under ``blueprint``."""
    weighted = stratum.section is Section.DOMAIN or blueprint.behavioural_weighted
    if weighted and stratum.difficulty is not None:
        return blueprint.difficulty_weights.weight(stratum.difficulty)
    return 1.0


def grade(
    *, blueprint: Blueprint, questions: Sequence[PooledQuestion], answers: Mapping[str, Answer]
) -> Grade:
    """Grade ``answers`` (by question id) to the attempt's ``questions``.

    Points are summed per stratum (counted over the items' cells) rather than item by item, so
    the per-item work is one lookup and one comparison.
    """
    answer_to = answers.get
    correct = [answer_to(entry.question_id) == entry.key for entry in questions]
    cells = bytes(map(_CELL, questions))
    correct_cells = bytes(compress(cells, correct))
    earned = {True: 0.0, False: 0.0}
    available = {True: 0.0, False: 0.0}
    for cell in set(cells):
        weight = stratum_weight(blueprint, ALL_STRATA[cell])
        domain = _DOMAIN_CELL[cell]
        available[domain] += weight * cells.count(cell)
        earned[domain] += weight * correct_cells.count(cell)
    total = _ratio(earned[True] + earned[False], available[True] + available[False])
    return Grade(
        total_score=total,
        domain_score=_ratio(earned[True], available[True]),
        behavioural_score=_ratio(earned[False], available[False]),
        pass_mark=blueprint.pass_mark,
        passed=total >= blueprint.pass_mark,
        correct=tuple(correct),
    )


def _ratio(earned: float, available: float) -> float:
    return earned / available if available else 0.0
