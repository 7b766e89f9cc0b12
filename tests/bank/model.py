"""The bank's file format: a catalog ``Question`` plus the bank-only ``verification`` and ``tags``.

The catalog validates each entry with ``jobpeak_contracts.questions.Question`` after removing the
two bank-only keys; these models describe those keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Self

from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from pydantic import BaseModel, ConfigDict, Field, model_validator

Runner = Literal["python", "node", "typescript", "go", "rust", "java", "cpp", "sqlite", "postgres"]

Pool = Literal["certification", "practice", "reserve"]

PRACTICE_DIR_NAME = "practice"
"""The seed directory of the practice pool (the certification pool lives in ``questions``)."""
RESERVE_DIR_NAME = "reserve"
"""The seed directory of the reserve: certification-quality items, inactive until promoted."""

BANK_ONLY_KEYS = ("verification", "tags")
"""Keys a bank entry may carry that are not part of the catalog ``Question``."""

DOMAIN_TOPICS = ("language-fundamentals", "debugging", "code-review", "ai-output-evaluation")
BEHAVIOURAL_TOPICS = (
    "ambiguous-briefs",
    "confident-wrong-output",
    "flag-vs-fix",
    "honesty-about-uncertainty",
    "pacing",
    "scope-discipline",
)
DIFFICULTIES = ("easy", "medium", "hard")

LANGUAGE_CODES = {
    "python": "py",
    "javascript": "js",
    "typescript": "ts",
    "go": "go",
    "rust": "rs",
    "java": "java",
    "cpp": "cpp",
    "sql": "sql",
}
"""Every language of the specialty and the code its question ids carry (``cod-<code>-NNN``)."""

RUNNERS_BY_LANGUAGE: dict[str, tuple[Runner, ...]] = {
    "python": ("python",),
    "javascript": ("node",),
    "typescript": ("typescript",),
    "go": ("go",),
    "rust": ("rust",),
    "java": ("java",),
    "cpp": ("cpp",),
    "sql": ("sqlite", "postgres"),
}

TAGS = {
    "spot-the-bug": "find the defect in a snippet",
    "idiomatic": "idiomatic versus non-idiomatic judgement",
    "ambiguous-brief": "code review where the brief is intentionally ambiguous",
    "hallucinated-api": "an invented API or library function next to a real one",
    "output-prediction": "what the code prints or returns",
    "edge-case": "the happy path works, an edge case breaks",
    "security": "injection, secrets, unsafe input handling",
    "concurrency": "races, ordering, async pitfalls",
    "performance": "complexity or resource use",
    "model-correct": "the model's code is correct: the key approves it",
}
"""The optional ``tags`` vocabulary (closed, so a typo cannot hide a sample kind)."""

Tag = Literal[
    "spot-the-bug",
    "idiomatic",
    "ambiguous-brief",
    "hallucinated-api",
    "output-prediction",
    "edge-case",
    "security",
    "concurrency",
    "performance",
    "model-correct",
]

AnyQuestion = (
    SingleChoiceQuestion | MultipleSelectQuestion | FaultyLinesQuestion | TrueFalseQuestion
)


class VerificationCase(BaseModel):
    """One program whose exit status (and optionally output) proves part of the key."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    program: str = Field(min_length=1)
    expect: Literal["pass", "fail"] = Field(
        description="pass: the program exits 0; fail: it exits non-zero or does not compile."
    )
    stdout: str | None = Field(
        default=None, description="Exact expected stdout; trailing whitespace is ignored."
    )
    stdout_is_answer: bool = Field(
        default=False, description="stdout must equal the text of the keyed option."
    )
    includes_snippet: bool = Field(
        default=False, description="The question's code appears verbatim in the program."
    )
    reason: str | None = Field(
        default=None,
        min_length=3,
        description="Text the run's stdout or stderr must contain (an exception name, an "
        "assertion message, a compiler diagnostic): what an expected failure is about.",
    )


class RunnableVerification(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    runner: Runner
    cases: list[VerificationCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _case_names_are_unique(self) -> Self:
        names = [case.name for case in self.cases]
        if len(set(names)) != len(names):
            raise ValueError("cases: case names repeat")
        return self


class UnverifiableVerification(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    unverifiable: str = Field(
        min_length=20, description="Why this key cannot be proven by running code."
    )


Verification = RunnableVerification | UnverifiableVerification


class BankExtras(BaseModel):
    """The bank-only keys of one entry."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    verification: Verification | None = None
    tags: list[Tag] = Field(default_factory=list)

    @model_validator(mode="after")
    def _tags_are_unique(self) -> Self:
        if len(set(self.tags)) != len(self.tags):
            raise ValueError("tags: a tag repeats")
        return self


@dataclass(frozen=True)
class BankEntry:
    """One entry of a questions file, valid or not (invalid entries carry their errors)."""

    source: Path
    index: int
    raw: object
    question: AnyQuestion | None
    extras: BankExtras | None
    errors: tuple[str, ...]

    @property
    def id(self) -> str:
        if isinstance(self.raw, dict) and isinstance(self.raw.get("id"), str):
            return str(self.raw["id"])
        return self.location

    @property
    def pool(self) -> Pool:
        """``practice`` or ``reserve`` for those directories' files, else ``certification``."""
        directory = self.source.parent.name
        if directory == PRACTICE_DIR_NAME:
            return "practice"
        return "reserve" if directory == RESERVE_DIR_NAME else "certification"

    @property
    def location(self) -> str:
        prefix = "" if self.pool == "certification" else f"{self.pool}/"
        return f"{prefix}{self.source.name}#{self.index + 1}"

    @property
    def test_id(self) -> str:
        """``<language>:<id>`` (or ``<file>:<id>``), so ``pytest -k go`` selects Go questions."""
        language = self.raw.get("language") if isinstance(self.raw, dict) else None
        prefix = language if isinstance(language, str) else self.source.stem
        return f"{prefix}:{self.id}"

    @property
    def verification(self) -> Verification | None:
        return self.extras.verification if self.extras else None

    @property
    def runnable(self) -> RunnableVerification | None:
        verification = self.verification
        return verification if isinstance(verification, RunnableVerification) else None

    @property
    def tags(self) -> tuple[str, ...]:
        return tuple(self.extras.tags) if self.extras else ()
