"""Sample blueprints, banks and answers for the testing service's tests.

The sample bank mixes every question format in every stratum. Each explanation carries
:data:`KEY_MARKER`, so a scan can prove that explanations (which give the key away) never leave
the service.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

from jobpeak_contracts.blueprints import (
    Blueprint,
    BlueprintKind,
    DifficultyMix,
    DifficultyWeights,
    RetakePolicy,
    SectionSize,
)
from jobpeak_contracts.events import QuestionPublished, SpecialtyPublished
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import (
    Difficulty,
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Option,
    Question,
    Section,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from jobpeak_contracts.questions import QuestionPool as Pool
from jobpeak_testing.domain.answers import Answer
from jobpeak_testing.domain.assembly import DISPLAY_LABELS, DrawnItem, assemble
from jobpeak_testing.domain.attempt import Attempt
from jobpeak_testing.domain.pool import QuestionPool
from jobpeak_testing.domain.responses import (
    FaultyLines,
    MultipleChoice,
    Response,
    SingleChoice,
    TrueOrFalse,
    to_answer,
)

KEY_MARKER = "KEYMARK"
NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)


def retake_policy(*, payment_per_attempt: bool, **overrides: Any) -> RetakePolicy:
    values: dict[str, Any] = {
        "allowed": True,
        "cooldown_hours": 0,
        "lockout_after_failures": None,
        "lockout_days": None,
        "max_attempts": None,
        "payment_per_attempt": payment_per_attempt,
    }
    values.update(overrides)
    return RetakePolicy(**values)


def blueprint(
    *,
    kind: BlueprintKind = BlueprintKind.CERTIFICATION,
    mix: tuple[int, int, int] = (10, 20, 10),
    behavioural: int = 20,
    weights: tuple[float, float, float] = (1.0, 2.0, 3.0),
    pass_mark: float = 0.78,
    time_limit_minutes: int | None = None,
    policy: RetakePolicy | None = None,
    version: int = 1,
) -> Blueprint:
    certification = kind is BlueprintKind.CERTIFICATION
    sections = [SectionSize(section=Section.DOMAIN, question_count=sum(mix))] if sum(mix) else []
    if behavioural:
        sections.append(SectionSize(section=Section.BEHAVIOURAL, question_count=behavioural))
    easy, medium, hard = mix
    return Blueprint(
        kind=kind,
        blueprint_version=version,
        title="Cognition Test" if certification else "Practice test",
        sections=tuple(sections),
        domain_difficulty_mix=DifficultyMix(easy=easy, medium=medium, hard=hard),
        difficulty_weights=DifficultyWeights(easy=weights[0], medium=weights[1], hard=weights[2]),
        behavioural_weighted=False,
        pass_mark=pass_mark,
        time_limit_minutes=time_limit_minutes,
        retake_policy=policy or retake_policy(payment_per_attempt=certification),
        fee=Money(amount_minor=2500, currency="USD") if certification else None,
    )


def attempt_of(chosen: Blueprint, *, seed: int = 5) -> Attempt:
    """A new attempt of ``chosen`` drawn from the sample bank, nothing answered yet."""
    return Attempt(
        id=uuid4(),
        candidate_id="cand-1",
        specialty_slug="coding",
        blueprint=chosen,
        bank_version=1,
        order_id=uuid4(),
        attempt_number=1,
        started_at=NOW,
        draw=assemble(blueprint=chosen, pool=QuestionPool.of(bank()), seen=(), seed=seed),
    )


def practice_blueprint(**overrides: Any) -> Blueprint:
    values: dict[str, Any] = {"kind": BlueprintKind.PRACTICE, "mix": (3, 6, 3), "behavioural": 3}
    values.update(overrides)
    return blueprint(**values)


def question(
    *,
    question_id: str,
    section: Section,
    difficulty: Difficulty | None,
    form: int,
    specialty: str = "coding",
    version: int = 1,
    pool: Pool = Pool.CERTIFICATION,
) -> Question:
    """A question of format ``form % 4`` (single, multiple, faulty lines, true/false)."""
    common: dict[str, Any] = {
        "id": question_id,
        "version": version,
        "specialty": specialty,
        "pool": pool,
        "section": section,
        "difficulty": difficulty,
        "topic": "debugging",
        "stem": f"Stem of {question_id}?",
        "explanation": f"{KEY_MARKER} explanation of {question_id}",
    }
    options = [Option(id=letter, text=f"{question_id} option {letter}") for letter in "abcd"]
    match form % 4:
        case 0:
            return SingleChoiceQuestion(**common, options=options, answer="abcd"[form % 3 + 1])
        case 1:
            return MultipleSelectQuestion(**common, options=options, answer=["a", "c"])
        case 2:
            code = "\n".join(f"line_{n} = {n}" for n in range(1, 7))
            return FaultyLinesQuestion(**{**common, "code": code}, answer=[2, 5])
        case _:
            return TrueFalseQuestion(**common, answer=form % 8 == 3)


STRATA: tuple[tuple[Section, Difficulty | None], ...] = (
    (Section.DOMAIN, Difficulty.EASY),
    (Section.DOMAIN, Difficulty.MEDIUM),
    (Section.DOMAIN, Difficulty.HARD),
    (Section.BEHAVIOURAL, None),
)


def bank(
    sizes: tuple[int, int, int, int] = (30, 60, 30, 30),
    *,
    specialty: str = "coding",
    pool: Pool = Pool.CERTIFICATION,
) -> list[Question]:
    """``sizes`` questions of ``pool`` per stratum (easy, medium, hard, behavioural), formats
    rotating; practice ids read ``<specialty>-practice-<stratum>-<n>``."""
    prefix = specialty if pool is Pool.CERTIFICATION else f"{specialty}-practice"
    questions: list[Question] = []
    for (section, difficulty), size in zip(STRATA, sizes, strict=True):
        cell = difficulty.value if difficulty else section.value
        questions.extend(
            question(
                question_id=f"{prefix}-{cell}-{index:03d}",
                section=section,
                difficulty=difficulty,
                form=index,
                specialty=specialty,
                pool=pool,
            )
            for index in range(size)
        )
    return questions


def practice_bank(specialty: str = "coding") -> list[Question]:
    """The smallest practice pool publishing accepts: three disjoint practice forms."""
    return bank((9, 18, 9, 9), specialty=specialty, pool=Pool.PRACTICE)


def whole_bank(specialty: str = "coding") -> list[Question]:
    """What the catalog publishes for a specialty: the certification bank and the practice pool."""
    return bank(specialty=specialty) + practice_bank(specialty)


def correct_response(item: DrawnItem) -> Response:
    """The response that earns ``item``'s points, in display labels."""
    question = item.question
    if isinstance(question, SingleChoiceQuestion):
        return SingleChoice(_label(item, question.answer))
    if isinstance(question, MultipleSelectQuestion):
        return MultipleChoice(frozenset(_label(item, option) for option in question.answer))
    if isinstance(question, FaultyLinesQuestion):
        return FaultyLines(frozenset(question.answer))
    return TrueOrFalse(question.answer)


def wrong_response(item: DrawnItem) -> Response:
    """A well-formed response that earns nothing."""
    question = item.question
    if isinstance(question, SingleChoiceQuestion):
        wrong = next(option.id for option in question.options if option.id != question.answer)
        return SingleChoice(_label(item, wrong))
    if isinstance(question, MultipleSelectQuestion):
        return MultipleChoice(frozenset(DISPLAY_LABELS[: len(item.option_order)]))
    if isinstance(question, FaultyLinesQuestion):
        return FaultyLines(frozenset({1}))
    return TrueOrFalse(not question.answer)


def correct_answer(item: DrawnItem) -> Answer:
    return to_answer(item, correct_response(item))


def wrong_answer(item: DrawnItem) -> Answer:
    return to_answer(item, wrong_response(item))


def response_json(response: Response) -> dict[str, Any]:
    """``response`` as the HTTP API takes it."""
    if isinstance(response, SingleChoice):
        return {"choice": response.choice}
    if isinstance(response, MultipleChoice):
        return {"choices": sorted(response.choices)}
    if isinstance(response, FaultyLines):
        return {"lines": sorted(response.lines)}
    return {"value": response.value}


def _label(item: DrawnItem, option_id: str) -> str:
    return DISPLAY_LABELS[item.option_order.index(option_id)]


def specialty_published(
    *,
    slug: str = "coding",
    revision: int = 1,
    bank_version: int = 1,
    bank_question_count: int = 150,
    practice: Blueprint | None = None,
    certification: Blueprint | None = None,
) -> SpecialtyPublished:
    return SpecialtyPublished(
        specialty_slug=slug,
        revision=revision,
        name=slug.title(),
        tier=slug.title(),
        hourly_rate_ceiling=Money(amount_minor=10000, currency="USD"),
        languages=("Python", "SQL"),
        topics=("debugging",),
        practice_blueprint=practice or practice_blueprint(),
        certification_blueprint=certification or blueprint(),
        match_sla_days=7,
        bank_version=bank_version,
        bank_question_count=bank_question_count,
        published_at=NOW,
    )


def questions_published(
    questions: list[Question], *, bank_version: int = 1
) -> Iterator[QuestionPublished]:
    for each in questions:
        yield QuestionPublished(
            question_id=each.id,
            specialty_slug=each.specialty,
            bank_version=bank_version,
            question=each,
            published_at=NOW,
        )
