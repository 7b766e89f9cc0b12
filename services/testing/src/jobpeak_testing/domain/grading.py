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

_DOMAIN, _BEHAVIOURAL = 0, 1
_CELL = attrgetter("cell")
_QUESTION_ID = attrgetter("question_id")


class Grade(NamedTuple):
    total_score: float
    domain_score: float
    behavioural_score: float
    pass_mark: float
    passed: bool
    items: tuple[tuple[str, bool], ...]
    """(question id, correct) per item, in the order the items were served."""


def stratum_weight(blueprint: Blueprint, stratum: Stratum) -> float:
    """Points a correct answer in ``stratum`` earns under ``blueprint``."""
    weighted = stratum.section is Section.DOMAIN or blueprint.behavioural_weighted
    if weighted and stratum.difficulty is not None:
        return blueprint.difficulty_weights.weight(stratum.difficulty)
    return 1.0


def grade(
    *, blueprint: Blueprint, questions: Sequence[PooledQuestion], answers: Mapping[str, Answer]
) -> Grade:
    """Grade ``answers`` (by question id) to the attempt's ``questions``."""
    answer_to = answers.get
    flags = [answer_to(entry.question_id) == entry.key for entry in questions]
    cells = list(map(_CELL, questions))
    correct_cells = list(compress(cells, flags))
    earned = [0.0, 0.0]
    available = [0.0, 0.0]
    for cell, stratum in enumerate(ALL_STRATA):
        drawn = cells.count(cell)
        if drawn:
            weight = stratum_weight(blueprint, stratum)
            section = _DOMAIN if stratum.section is Section.DOMAIN else _BEHAVIOURAL
            available[section] += weight * drawn
            earned[section] += weight * correct_cells.count(cell)
    total = _ratio(sum(earned), sum(available))
    return Grade(
        total_score=total,
        domain_score=_ratio(earned[_DOMAIN], available[_DOMAIN]),
        behavioural_score=_ratio(earned[_BEHAVIOURAL], available[_BEHAVIOURAL]),
        pass_mark=blueprint.pass_mark,
        passed=total >= blueprint.pass_mark,
        items=tuple(zip(map(_QUESTION_ID, questions), flags, strict=True)),
    )


def _ratio(earned: float, available: float) -> float:
    return earned / available if available else 0.0
