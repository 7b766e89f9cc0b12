"""Reading every ``questions/*.yaml`` of the Coding seed into validated bank entries."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from jobpeak_contracts.questions import Question
from pydantic import TypeAdapter, ValidationError

from tests.bank.model import (
    BANK_ONLY_KEYS,
    PRACTICE_DIR_NAME,
    RESERVE_DIR_NAME,
    AnyQuestion,
    BankEntry,
    BankExtras,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
SEED_DIR = REPO_ROOT / "services/catalog/src/jobpeak_catalog/adapters/seed/coding"
QUESTIONS_DIR = SEED_DIR / "questions"
"""The certification pool: the 150 items the catalog loads today."""
PRACTICE_DIR = SEED_DIR / PRACTICE_DIR_NAME
"""The practice pool: its own items, never in a certification (the catalog does not load it yet)."""
RESERVE_DIR = SEED_DIR / RESERVE_DIR_NAME
"""The reserve: certification-quality items, inactive, ready to replace retired ones."""

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when present: the same documents, an order of magnitude faster."""

_QUESTION = TypeAdapter[AnyQuestion](Question)


@dataclass(frozen=True)
class BankFile:
    path: Path
    entries: tuple[BankEntry, ...]
    errors: tuple[str, ...]
    """File-level problems: unreadable YAML, no ``questions`` list."""


@dataclass(frozen=True)
class Bank:
    files: tuple[BankFile, ...]

    @property
    def entries(self) -> tuple[BankEntry, ...]:
        return tuple(entry for bank_file in self.files for entry in bank_file.entries)

    @property
    def questions(self) -> tuple[AnyQuestion, ...]:
        return tuple(entry.question for entry in self.entries if entry.question is not None)


def _describe(error: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(part) for part in detail['loc']) or '<entry>'}: {detail['msg']}"
        for detail in error.errors()
    ]


def load_entry(*, source: Path, index: int, raw: object) -> BankEntry:
    if not isinstance(raw, dict):
        return BankEntry(
            source=source,
            index=index,
            raw=raw,
            question=None,
            extras=None,
            errors=("entry is not a mapping",),
        )
    errors: list[str] = []
    question: AnyQuestion | None = None
    extras: BankExtras | None = None
    content = {key: value for key, value in raw.items() if key not in BANK_ONLY_KEYS}
    try:
        question = _QUESTION.validate_python(content)
    except ValidationError as error:
        errors.extend(_describe(error))
    try:
        extras = BankExtras.model_validate(
            {key: raw[key] for key in BANK_ONLY_KEYS if key in raw and raw[key] is not None}
        )
    except ValidationError as error:
        errors.extend(_describe(error))
    return BankEntry(
        source=source,
        index=index,
        raw=raw,
        question=question,
        extras=extras,
        errors=tuple(errors),
    )


def load_file(path: Path) -> BankFile:
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as error:
        return BankFile(path=path, entries=(), errors=(f"not valid YAML: {error}",))
    if not isinstance(document, dict) or not isinstance(document.get("questions"), list):
        return BankFile(path=path, entries=(), errors=("top level must be {questions: [...]}",))
    unknown = sorted(str(key) for key in document if key != "questions")
    entries = tuple(
        load_entry(source=path, index=index, raw=raw)
        for index, raw in enumerate(document["questions"])
    )
    return BankFile(
        path=path,
        entries=entries,
        errors=tuple(f"unknown top-level key {key!r}" for key in unknown),
    )


def load_bank(questions_dir: Path = QUESTIONS_DIR) -> Bank:
    return Bank(files=tuple(load_file(path) for path in sorted(questions_dir.glob("*.yaml"))))


def load_practice() -> Bank:
    return load_bank(PRACTICE_DIR)


def load_reserve() -> Bank:
    return load_bank(RESERVE_DIR)
