"""Reading the versioned seed files: a ``specialty.yaml`` and question bank files.

A seed directory holds ``specialty.yaml`` (a :class:`SpecialtyDefinition`) and up to three
folders of ``*.yaml`` files, each ``{questions: [...]}``: ``questions/`` (the certification bank),
``practice/`` (the practice pool) and ``reserve/`` (inactive certification items); the folder
decides each question's pool and first status (:class:`BankFolder`), and a ``pool`` written in an
entry must agree with its folder. A question entry is a
:data:`jobpeak_contracts.questions.Question` plus two optional keys the catalog keeps to itself:
``verification`` (how the bank checks prove the key; checked loosely here, never published) and
``tags``. Every problem in every file is collected before anything is reported.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
from jobpeak_contracts.questions import Question
from pydantic import TypeAdapter, ValidationError

from jobpeak_catalog.domain.bank import QUESTION_FORMAT_TAGS
from jobpeak_catalog.domain.problems import (
    InvalidInput,
    Problem,
    join_path,
    problems_from_validation_error,
    with_source,
)
from jobpeak_catalog.domain.seed import (
    BankFileEntry,
    BankFolder,
    BankRead,
    SeedBundle,
    check_bank_against,
)
from jobpeak_catalog.domain.specialty import SpecialtyDefinition

SPECIALTY_FILE = "specialty.yaml"

_QUESTION = TypeAdapter[Question](Question)
_CATALOG_ONLY_KEYS = ("verification", "tags")
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_specialty(text: str, *, source: str) -> SpecialtyDefinition:
    document = _load_yaml(text, source=source)
    try:
        return SpecialtyDefinition.model_validate(document)
    except ValidationError as error:
        raise InvalidInput(with_source(problems_from_validation_error(error), source)) from None


def parse_bank(
    text: str, *, source: str, folder: BankFolder = BankFolder.QUESTIONS
) -> list[BankFileEntry]:
    """Every question of one file, or :class:`InvalidInput` listing all that is wrong with them."""
    bank = read_bank(text, source=source, folder=folder)
    if bank.problems:
        raise InvalidInput(bank.problems)
    return bank.entries


def read_bank(text: str, *, source: str, folder: BankFolder = BankFolder.QUESTIONS) -> BankRead:
    """Check each entry of one file on its own, keeping the good ones next to the problems.

    ``folder`` is where the file sits (or, for an upload, where it would): it gives each entry
    its pool, unless the entry names one, which must then be the folder's.

    :func:`check_bank_against` adds the checks across entries (duplicate ids) and against the
    specialty (topics, languages), so callers can report everything in one go.
    """
    try:
        document = _load_yaml(text, source=source)
    except InvalidInput as invalid:
        return BankRead(entries=[], problems=list(invalid.problems))
    if not isinstance(document, Mapping) or not isinstance(document.get("questions"), list):
        return BankRead(
            entries=[],
            problems=[
                Problem(field="questions", message="expected a list of questions", source=source)
            ],
        )
    entries: list[BankFileEntry] = []
    problems: list[Problem] = []
    for index, raw in enumerate(document["questions"]):
        location: tuple[str | int, ...] = ("questions", index)
        if not isinstance(raw, Mapping):
            problems.append(
                Problem(field=join_path(*location), message="expected a mapping", source=source)
            )
            continue
        content = {key: value for key, value in raw.items() if key not in _CATALOG_ONLY_KEYS}
        content.setdefault("pool", folder.pool.value)
        extra_problems = _check_catalog_only_keys(raw, location=location)
        if content["pool"] != folder.pool.value:
            extra_problems.append(
                Problem(
                    field=join_path(*location, "pool"),
                    message=(
                        f"is {content['pool']!r}, but the {folder.value}/ folder holds"
                        f" {folder.pool.value} items"
                    ),
                )
            )
        problems.extend(with_source(extra_problems, source))
        try:
            question = _QUESTION.validate_python(content)
        except ValidationError as error:
            found = problems_from_validation_error(
                error, prefix=location, ignored_location_parts=QUESTION_FORMAT_TAGS
            )
            problems.extend(with_source(found, source))
            continue
        tags = raw.get("tags") or []
        entries.append(
            BankFileEntry(
                question=question,
                tags=tuple(str(tag) for tag in tags),
                source=source,
                location=location,
                initial_status=folder.initial_status,
            )
        )
    return BankRead(entries=entries, problems=problems)


def read_seed_directory(directory: Path) -> SeedBundle:
    """Parse and cross-check a whole seed directory; nothing is stored here."""
    problems: list[Problem] = []
    specialty: SpecialtyDefinition | None = None
    try:
        specialty = parse_specialty(
            (directory / SPECIALTY_FILE).read_text(encoding="utf-8"),
            source=str(directory / SPECIALTY_FILE),
        )
    except InvalidInput as invalid:
        problems.extend(invalid.problems)
    except FileNotFoundError:
        problems.append(Problem(field=SPECIALTY_FILE, message="missing", source=str(directory)))
    entries: list[BankFileEntry] = []
    for folder in BankFolder:
        for path in sorted((directory / folder.value).glob("*.yaml")):
            bank = read_bank(path.read_text(encoding="utf-8"), source=str(path), folder=folder)
            entries.extend(bank.entries)
            problems.extend(bank.problems)
    problems.extend(check_bank_against(entries, specialty=specialty))
    if problems:
        raise InvalidInput(problems)
    assert specialty is not None  # every path that leaves it None reported a problem
    return SeedBundle(specialty=specialty, questions=tuple(entries))


def _check_catalog_only_keys(
    raw: Mapping[str, Any], *, location: tuple[str | int, ...]
) -> list[Problem]:
    """Loose shape checks: the bank harness owns the meaning of ``verification``."""
    problems: list[Problem] = []
    verification = raw.get("verification")
    if verification is not None:
        field = join_path(*location, "verification")
        if not isinstance(verification, Mapping):
            problems.append(Problem(field=field, message="expected a mapping"))
        elif not isinstance(verification.get("cases"), list) and not (
            isinstance(verification.get("unverifiable"), str)
            and verification["unverifiable"].strip()
        ):
            problems.append(
                Problem(field=field, message="expected a list of cases or an unverifiable reason")
            )
    tags = raw.get("tags")
    if tags is not None and not (
        isinstance(tags, list) and all(isinstance(tag, str) and tag.strip() for tag in tags)
    ):
        problems.append(
            Problem(field=join_path(*location, "tags"), message="expected a list of words")
        )
    return problems


def _load_yaml(text: str, *, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader, C when built
    except yaml.YAMLError as error:
        raise InvalidInput(
            [Problem(field="(file)", message=f"not valid YAML: {error}", source=source)]
        ) from None
