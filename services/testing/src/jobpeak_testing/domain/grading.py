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

from typing import NamedTuple

from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import Difficulty, Section

from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.assembly import Draw
from jobpeak_testing.domain.compiled import kernels
from jobpeak_testing.domain.pool import ALL_STRATA

_DOMAIN, _BEHAVIOURAL = 0, 1
"""The parts scores are kept for, as indexes (the kernel sums points per part)."""
_CELL_PARTS = bytes(
    [_DOMAIN if stratum.section is Section.DOMAIN else _BEHAVIOURAL for stratum in ALL_STRATA]
)
_DIFFICULTY_INDEX = {None: 0, Difficulty.EASY: 1, Difficulty.MEDIUM: 2, Difficulty.HARD: 3}
"""Where a difficulty's points sit in :func:`_points_per_cell`'s values."""
_WEIGHTED_SOURCES = bytes([_DIFFICULTY_INDEX[stratum.difficulty] for stratum in ALL_STRATA])
_UNWEIGHTED_BEHAVIOURAL_SOURCES = bytes(
    [
        source if part == _DOMAIN else 0
        for source, part in zip(_WEIGHTED_SOURCES, _CELL_PARTS, strict=True)
    ]
)


def _points_per_cell(blueprint: Blueprint) -> list[float]:
    """Points a correct answer earns under ``blueprint``, per cell of :data:`ALL_STRATA`."""
    weights = blueprint.difficulty_weights
    values = (1.0, weights.easy, weights.medium, weights.hard)
    sources = (
        _WEIGHTED_SOURCES if blueprint.behavioural_weighted else _UNWEIGHTED_BEHAVIOURAL_SOURCES
    )
    return list(map(values.__getitem__, sources))


class Score(NamedTuple):
    """What a graded attempt scored: stored once at submission, then only ever read back."""

    total_score: float
    domain_score: float
    behavioural_score: float
    pass_mark: float
    passed: bool


class Grade(NamedTuple):
    """A fresh grading: the score, and which items were correct (for the submission's events)."""

    total_score: float
    domain_score: float
    behavioural_score: float
    pass_mark: float
    passed: bool
    correct: tuple[bool, ...]
    """Whether each item was answered correctly, in the order the items were served."""

    @property
    def score(self) -> Score:
        return Score(
            self.total_score,
            self.domain_score,
            self.behavioural_score,
            self.pass_mark,
            self.passed,
        )


def grade(*, blueprint: Blueprint, draw: Draw, answers: dict[str, Answer]) -> Grade:
    """Grade ``answers`` (by question id) to the questions of ``draw``."""
    points = _points_per_cell(blueprint)
    correct, earned, available = kernels.score(
        draw.questions, answers, draw.cells, points, _CELL_PARTS
    )
    total = _ratio(
        earned[_DOMAIN] + earned[_BEHAVIOURAL], available[_DOMAIN] + available[_BEHAVIOURAL]
    )
    pass_mark = blueprint.pass_mark
    return Grade(
        total,
        _ratio(earned[_DOMAIN], available[_DOMAIN]),
        _ratio(earned[_BEHAVIOURAL], available[_BEHAVIOURAL]),
        pass_mark,
        total >= pass_mark,
        correct,
    )


def _ratio(earned: float, available: float) -> float:
    return earned / available if available else 0.0
