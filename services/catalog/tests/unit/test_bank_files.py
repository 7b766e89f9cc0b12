"""Bank and specialty files: loaded as written, refused with every problem named."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_bank, read_seed_directory
from jobpeak_catalog.domain.bank import QuestionStatus
from jobpeak_catalog.domain.problems import InvalidInput, Problem
from jobpeak_contracts.questions import QuestionPool

pytestmark = pytest.mark.unit

QUESTION = """
  - id: {id}
    version: 1
    specialty: {specialty}
    section: domain
    difficulty: easy
    topic: {topic}
    language: {language}
    format: single_choice
    stem: "Which is right?"
    options: [{{id: a, text: "This"}}, {{id: b, text: "That"}}]
    answer: {answer}
    explanation: "a is right, b is not."
"""


def bank(*questions: dict[str, str]) -> str:
    defaults = {"specialty": "coding", "topic": "debugging", "language": "python", "answer": "a"}
    return "questions:\n" + "".join(QUESTION.format(**{**defaults, **q}) for q in questions)


def problems(text: str) -> list[Problem]:
    with pytest.raises(InvalidInput) as caught:
        parse_bank(text, source="bank.yaml")
    return list(caught.value.problems)


def seed_with(tmp_path: Path, source: Path, extra_bank: str) -> Path:
    directory = tmp_path / "seed"
    shutil.copytree(source, directory)
    (directory / "questions" / "zz-extra.yaml").write_text(extra_bank, encoding="utf-8")
    return directory


def test_an_answer_naming_a_missing_option_names_the_answer() -> None:
    [problem] = problems(bank({"id": "cod-py-900", "answer": "e"}))

    assert problem.field == "questions[0].answer"
    assert "do not exist" in problem.message
    assert problem.source == "bank.yaml"


def test_verification_and_tags_are_accepted_and_kept_apart() -> None:
    text = bank({"id": "cod-py-900"}).rstrip() + (
        "\n    tags: [spot-the-bug]"
        "\n    verification: {runner: python,"
        " cases: [{name: x, program: 'print(1)', expect: pass}]}\n"
    )

    [entry] = parse_bank(text, source="bank.yaml")

    assert entry.tags == ("spot-the-bug",)
    assert "verification" not in entry.question.model_dump()


def test_a_malformed_verification_block_is_named() -> None:
    text = bank({"id": "cod-py-900"}).rstrip() + "\n    verification: [not, a, mapping]\n"

    [problem] = problems(text)

    assert problem.field == "questions[0].verification"


def test_unknown_fields_and_formats_are_refused() -> None:
    text = bank({"id": "cod-py-900"}).replace("format: single_choice", "format: essay")

    [problem] = problems(text)

    assert problem.field == "questions[0].format"


def test_not_yaml_is_refused_with_the_file_named() -> None:
    [problem] = problems("questions: [\n")

    assert problem.source == "bank.yaml"
    assert "not valid YAML" in problem.message


def test_the_writing_seed_loads(writing_seed_dir: Path) -> None:
    bundle = read_seed_directory(writing_seed_dir)

    assert bundle.specialty.slug == "technical-writing"
    assert Counter((e.question.pool, e.initial_status) for e in bundle.questions) == {
        (QuestionPool.CERTIFICATION, QuestionStatus.ACTIVE): 16,
        (QuestionPool.PRACTICE, QuestionStatus.ACTIVE): 12,
        (QuestionPool.CERTIFICATION, QuestionStatus.RESERVE): 2,
    }


def test_unknown_language_and_topic_are_named(tmp_path: Path, writing_seed_dir: Path) -> None:
    extra = bank(
        {"id": "tw-x-001", "specialty": "technical-writing", "topic": "poetry", "language": "go"}
    )
    directory = seed_with(tmp_path, writing_seed_dir, extra)

    with pytest.raises(InvalidInput) as caught:
        read_seed_directory(directory)

    found = {(p.field, p.source) for p in caught.value.problems}
    extra_file = str(directory / "questions" / "zz-extra.yaml")
    assert found == {
        ("questions[0].topic", extra_file),
        ("questions[0].language", extra_file),
    }


def test_duplicate_ids_across_files_are_named(tmp_path: Path, writing_seed_dir: Path) -> None:
    extra = bank(
        {"id": "tw-easy-001", "specialty": "technical-writing", "topic": "grammar"},
        {"id": "tw-new-001", "specialty": "technical-writing", "topic": "grammar"},
        {"id": "tw-new-001", "specialty": "technical-writing", "topic": "grammar"},
    ).replace("language: go", "language: null")
    directory = seed_with(tmp_path, writing_seed_dir, extra.replace("python", "null"))

    with pytest.raises(InvalidInput) as caught:
        read_seed_directory(directory)

    assert [(p.field, "duplicate" in p.message) for p in caught.value.problems] == [
        ("questions[0].id", True),
        ("questions[2].id", True),
    ]


def test_a_broken_specialty_file_is_reported_with_its_questions(
    tmp_path: Path, writing_seed_dir: Path
) -> None:
    directory = seed_with(tmp_path, writing_seed_dir, "questions: []\n")
    specialty = directory / "specialty.yaml"
    specialty.write_text(
        specialty.read_text(encoding="utf-8").replace(
            "pass_mark: 0.7\n  time_limit_minutes: 45", "pass_mark: 70\n  time_limit_minutes: 45"
        ),
        encoding="utf-8",
    )

    with pytest.raises(InvalidInput) as caught:
        read_seed_directory(directory)

    assert [p.field for p in caught.value.problems] == ["certification.pass_mark"]
