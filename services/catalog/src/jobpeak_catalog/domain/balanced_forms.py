"""Can the bank fill disjoint *balanced* forms? Checked before every publish (issue 16, item 6).

A blueprint may ask each attempt for a least number of domain questions in every language and
every domain topic of the specialty. Counting strata is then not enough: the per-stratum counts
can hold while, say, every Rust question is hard. This module proves feasibility constructively:
it builds the disjoint forms a blueprint needs (two for a certification, so a retake can avoid
every question seen) and reports what it could not satisfy.

The construction deals the questions of each difficulty round-robin over the forms in language
and topic order, which spreads every group evenly, then swaps questions of the same difficulty
(between forms, or with the unused ones) while a swap lowers the total shortfall. It is
deterministic. Exact feasibility under two crossing minima is a hard combinatorial problem; the
search finds forms whenever the bank has a reasonable margin, and a refusal names each form's
missing language or topic, so the curator knows what to add.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jobpeak_contracts.questions import Difficulty, Question, Section

from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.feasibility import ATTEMPTS_TO_COVER
from jobpeak_catalog.domain.problems import Problem

UNUSED = -1
"""The form index of a question no form holds."""


@dataclass(frozen=True)
class Groups:
    """The specialty's language ids and domain topic ids the minima apply to."""

    languages: tuple[str, ...]
    topics: tuple[str, ...]


@dataclass
class _Form:
    languages: Counter[str | None] = field(default_factory=Counter)
    topics: Counter[str] = field(default_factory=Counter)

    def add(self, question: Question, sign: int) -> None:
        self.languages[question.language] += sign
        self.topics[question.topic] += sign


@dataclass
class _Search:
    blueprint: Blueprint
    groups: Groups
    questions: list[Question]
    owner: list[int]
    forms: list[_Form]

    def shortfall(self, form: _Form) -> int:
        domain = self.blueprint.domain
        return sum(
            max(0, domain.minimum_per_language - form.languages[language])
            for language in self.groups.languages
        ) + sum(
            max(0, domain.minimum_per_topic - form.topics[topic]) for topic in self.groups.topics
        )

    def total(self) -> int:
        return sum(self.shortfall(form) for form in self.forms)

    def _move(self, index: int, to: int) -> None:
        question = self.questions[index]
        if self.owner[index] != UNUSED:
            self.forms[self.owner[index]].add(question, -1)
        if to != UNUSED:
            self.forms[to].add(question, +1)
        self.owner[index] = to

    def _touched(self, *owners: int) -> int:
        return sum(self.shortfall(self.forms[o]) for o in set(owners) if o != UNUSED)

    def improve_once(self) -> bool:
        """Apply the first swap (in question order) that lowers the total shortfall."""
        for first, left in enumerate(self.questions):
            for second in range(first + 1, len(self.questions)):
                a, b = self.owner[first], self.owner[second]
                if a == b or left.difficulty != self.questions[second].difficulty:
                    continue
                before = self._touched(a, b)
                self._move(first, b)
                self._move(second, a)
                if self._touched(a, b) < before:
                    return True
                self._move(first, a)
                self._move(second, b)
        return False


def _deal(blueprint: Blueprint, questions: list[Question], forms: int) -> list[int] | None:
    """Round-robin owners per difficulty; None when a difficulty has too few questions."""
    owner = [UNUSED] * len(questions)
    for difficulty in Difficulty:
        wanted = blueprint.domain.mix.count(difficulty)
        members = [i for i, q in enumerate(questions) if q.difficulty is difficulty]
        if len(members) < wanted * forms:
            return None
        for position, index in enumerate(members[: wanted * forms]):
            owner[index] = position % forms
    return owner


def balanced_form_problems(
    *, blueprint: Blueprint, groups: Groups, active_questions: Iterable[Question]
) -> list[str]:
    """Why the active bank cannot fill the blueprint's disjoint balanced forms; empty if it can."""
    domain = blueprint.domain
    if not (domain.minimum_per_language or domain.minimum_per_topic):
        return []
    forms = ATTEMPTS_TO_COVER[blueprint.kind]
    questions = sorted(
        (q for q in active_questions if q.section is Section.DOMAIN),
        key=lambda q: (q.language or "", q.topic, q.id),
    )
    problems = _supply_problems(blueprint, groups, questions, forms)
    if problems:
        return problems
    owner = _deal(blueprint, questions, forms)
    if owner is None:
        return [
            f"{blueprint.kind.value}: too few domain questions per difficulty for {forms} forms"
        ]
    search = _Search(blueprint, groups, questions, owner, [_Form() for _ in range(forms)])
    for index, to in enumerate(owner):
        if to != UNUSED:
            search.forms[to].add(questions[index], +1)
    while search.total() and search.improve_once():
        pass
    return _form_problems(search, blueprint.kind)


def _supply_problems(
    blueprint: Blueprint, groups: Groups, questions: Sequence[Question], forms: int
) -> list[str]:
    """Groups whose active domain questions are fewer than the forms need in all."""
    domain = blueprint.domain
    languages = Counter(q.language for q in questions)
    topics = Counter(q.topic for q in questions)
    kind = blueprint.kind.value
    return [
        f"{kind} language {language}: {languages[language]} active domain questions, "
        f"{forms} disjoint forms need {forms * domain.minimum_per_language}"
        for language in groups.languages
        if languages[language] < forms * domain.minimum_per_language
    ] + [
        f"{kind} topic {topic}: {topics[topic]} active domain questions, "
        f"{forms} disjoint forms need {forms * domain.minimum_per_topic}"
        for topic in groups.topics
        if topics[topic] < forms * domain.minimum_per_topic
    ]


def _form_problems(search: _Search, kind: BlueprintKind) -> list[str]:
    domain = search.blueprint.domain
    problems = []
    for number, form in enumerate(search.forms, start=1):
        problems += [
            f"{kind.value} form {number} of {len(search.forms)}: language {language} has "
            f"{form.languages[language]}, needs {domain.minimum_per_language}"
            for language in search.groups.languages
            if form.languages[language] < domain.minimum_per_language
        ]
        problems += [
            f"{kind.value} form {number} of {len(search.forms)}: topic {topic} has "
            f"{form.topics[topic]}, needs {domain.minimum_per_topic}"
            for topic in search.groups.topics
            if form.topics[topic] < domain.minimum_per_topic
        ]
    return problems


def publish_problems(
    *, blueprints: Iterable[Blueprint], groups: Groups, active_questions: Sequence[Question]
) -> list[Problem]:
    """Every blueprint's balanced-form problems, as a refused publish reports them."""
    return [
        Problem(field=f"{blueprint.kind.value}.balanced_forms", message=message)
        for blueprint in blueprints
        for message in balanced_form_problems(
            blueprint=blueprint, groups=groups, active_questions=active_questions
        )
    ]
