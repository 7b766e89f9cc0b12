"""The lint of the bank: every file and question well formed, and the bank as a whole complete."""

from __future__ import annotations

import pytest

from tests.bank.lint import (
    DOMAIN_VERIFIED_SHARE,
    coverage_problems,
    domain_verification_coverage,
    duplicate_ids,
    question_problems,
    sample_kind_problems,
    strata_problems,
)
from tests.bank.loader import Bank, BankFile
from tests.bank.model import BankEntry

pytestmark = pytest.mark.unit


def test_questions_file_parses(bank_file: BankFile) -> None:
    assert bank_file.entries, f"{bank_file.path.name}: no questions"
    assert not bank_file.errors, "\n".join(bank_file.errors)


def test_question_is_well_formed(entry: BankEntry) -> None:
    problems = question_problems(entry)
    assert not problems, f"{entry.id} ({entry.location}):\n" + "\n".join(problems)


def test_question_ids_are_unique(bank: Bank) -> None:
    assert duplicate_ids(bank) == {}


def test_strata_allow_two_certifications_without_repeats(bank: Bank) -> None:
    assert strata_problems(bank) == []


def test_every_language_and_topic_spans_the_difficulties(bank: Bank) -> None:
    assert coverage_problems(bank) == []


def test_seed_sample_kinds_are_present(bank: Bank) -> None:
    assert sample_kind_problems(bank) == []


def test_most_domain_questions_are_proven_by_execution(bank: Bank) -> None:
    coverage = domain_verification_coverage(bank)
    assert coverage.share >= DOMAIN_VERIFIED_SHARE, (
        f"{coverage.verified} of {coverage.domain} domain questions carry runnable cases "
        f"({coverage.share:.0%}); at least {DOMAIN_VERIFIED_SHARE:.0%} needed"
    )
