"""Fixtures shared by the catalog's unit and integration tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jobpeak_catalog
import pytest
from jobpeak_contracts.questions import (
    Difficulty,
    Option,
    Question,
    Section,
    SingleChoiceQuestion,
)

CODING_SEED = Path(jobpeak_catalog.__file__).parent / "adapters" / "seed" / "coding"
TEST_DATA = Path(__file__).parent / "data"

QuestionFactory = Callable[..., Question]


@pytest.fixture(scope="session")
def coding_seed_dir() -> Path:
    return CODING_SEED


@pytest.fixture(scope="session")
def writing_seed_dir() -> Path:
    """The small second specialty that exists only in test data."""
    return TEST_DATA / "technical-writing"


@pytest.fixture(scope="session")
def make_question() -> QuestionFactory:
    """Builds a valid single-choice question; keyword arguments override any field."""

    def build(
        question_id: str,
        *,
        specialty: str = "coding",
        section: Section = Section.DOMAIN,
        difficulty: Difficulty | None = Difficulty.EASY,
        topic: str = "debugging",
        language: str | None = "python",
        version: int = 1,
        stem: str | None = None,
    ) -> Question:
        behavioural = section is Section.BEHAVIOURAL
        return SingleChoiceQuestion(
            id=question_id,
            version=version,
            specialty=specialty,
            section=section,
            difficulty=None if behavioural else difficulty,
            topic=topic,
            language=None if behavioural else language,
            stem=stem or f"Which option is right for {question_id}?",
            options=[
                Option(id="a", text="The right one"),
                Option(id="b", text="A plausible wrong one"),
            ],
            answer="a",
            explanation="a is right because it is; b is wrong because it is not.",
        )

    return build


@pytest.fixture(scope="session")
def make_bank(make_question: QuestionFactory) -> Callable[..., list[Question]]:
    """A synthetic bank with ``per_stratum[(section, difficulty)]`` questions per stratum."""

    def build(
        *,
        specialty: str,
        per_stratum: dict[tuple[Section, Difficulty | None], int],
        domain_topic: str,
        behavioural_topic: str,
        language: str | None,
        prefix: str | None = None,
    ) -> list[Question]:
        questions: list[Question] = []
        stem = prefix or specialty[:3]
        for (section, difficulty), count in per_stratum.items():
            label = difficulty.value if difficulty else "beh"
            for number in range(1, count + 1):
                questions.append(
                    make_question(
                        f"{stem}-syn-{label}-{number:03d}",
                        specialty=specialty,
                        section=section,
                        difficulty=difficulty,
                        topic=behavioural_topic if section is Section.BEHAVIOURAL else domain_topic,
                        language=language,
                    )
                )
        return questions

    return build
