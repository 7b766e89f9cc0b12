"""The live questions of one specialty, indexed by stratum for drawing and grading.

A stratum is a (section, difficulty) cell of the blueprint: domain questions are drawn per
difficulty, behavioural questions (which have no difficulty) as one stratum. Within a stratum the
questions are kept sorted by id, so a draw depends on the seed alone and never on the order in
which the replica happened to return its rows.

Indexing computes, once per question, what every draw and every grade would otherwise recompute:
the answer key in :mod:`~jobpeak_testing.domain.answers` terms, the stratum and the option ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from jobpeak_contracts.blueprints import Blueprint, BlueprintKind
from jobpeak_contracts.questions import Difficulty, Question, Section
from jobpeak_contracts.questions import QuestionPool as Pool

from jobpeak_testing.domain.answers import Answer, answer_key
from jobpeak_testing.domain.orderings import OptionOrder, order_table


class Stratum(NamedTuple):
    section: Section
    difficulty: Difficulty | None

    def __str__(self) -> str:
        if self.difficulty is None:
            return self.section.value
        return f"{self.section.value}/{self.difficulty.value}"


_EASY = Stratum(Section.DOMAIN, Difficulty.EASY)
_MEDIUM = Stratum(Section.DOMAIN, Difficulty.MEDIUM)
_HARD = Stratum(Section.DOMAIN, Difficulty.HARD)
ALL_STRATA: tuple[Stratum, ...] = tuple(
    Stratum(section, difficulty) for section in Section for difficulty in (*Difficulty, None)
)
"""Every stratum a question can be in, in a fixed order (see :attr:`PooledQuestion.cell`)."""
_CELLS = {stratum: cell for cell, stratum in enumerate(ALL_STRATA)}


class PooledQuestion(NamedTuple):
    """A question with what drawing and grading it needs, computed once."""

    question_id: str
    question: Question
    key: Answer
    stratum: Stratum
    option_ids: tuple[str, ...]
    """The question's option ids in authored order; empty for formats without options."""
    orderings: Sequence[OptionOrder]
    """Every display order of ``option_ids`` (:func:`order_table`); ``((),)`` without options."""
    cell: int
    """Index of ``stratum`` in :data:`ALL_STRATA`, so grading counts per stratum by index."""


def pooled(question: Question) -> PooledQuestion:
    option_ids = tuple([option.id for option in getattr(question, "options", ())])
    stratum = Stratum(question.section, question.difficulty)
    return PooledQuestion(
        question.id,
        question,
        answer_key(question),
        stratum,
        option_ids,
        order_table(option_ids),
        _CELLS[stratum],
    )


def pool_for(kind: BlueprintKind) -> Pool:
    """The one pool an attempt of ``kind`` draws from: practice never sees certification items,
    certification never sees practice items."""
    return Pool.PRACTICE if kind is BlueprintKind.PRACTICE else Pool.CERTIFICATION


def strata_of(blueprint: Blueprint) -> tuple[tuple[Stratum, int], ...]:
    """Every stratum ``blueprint`` draws from with its count, in the order items are served.

    Sections come in the blueprint's order; the domain section splits by the difficulty mix.
    Strata drawing nothing are left out.
    """
    strata: list[tuple[Stratum, int]] = []
    for size in blueprint.sections:
        if size.section is Section.DOMAIN:
            mix = blueprint.domain_difficulty_mix
            strata += ((_EASY, mix.easy), (_MEDIUM, mix.medium), (_HARD, mix.hard))
        else:
            strata.append((Stratum(size.section, None), size.question_count))
    return tuple([(stratum, count) for stratum, count in strata if count > 0])


class QuestionPool:
    """Live questions by stratum, each stratum sorted by question id."""

    __slots__ = ("_by_stratum",)

    def __init__(self, by_stratum: Mapping[Stratum, tuple[PooledQuestion, ...]]) -> None:
        self._by_stratum = dict(by_stratum)

    @classmethod
    def of(cls, questions: Iterable[Question], *, pool: Pool | None = None) -> QuestionPool:
        """Index ``questions``; given a ``pool``, only the questions that belong to it."""
        grouped: dict[Stratum, list[PooledQuestion]] = {}
        for question in questions:
            if pool is not None and question.pool is not pool:
                continue
            entry = pooled(question)
            grouped.setdefault(entry.stratum, []).append(entry)
        return cls(
            {
                stratum: tuple(sorted(members, key=lambda entry: entry.question_id))
                for stratum, members in grouped.items()
            }
        )

    def in_stratum(self, stratum: Stratum) -> tuple[PooledQuestion, ...]:
        return self._by_stratum.get(stratum, ())

    def __len__(self) -> int:
        return sum(len(members) for members in self._by_stratum.values())
