"""The bank checks themselves: each one rejects the flaw it exists to catch."""

from __future__ import annotations

from typing import Any

import pytest

from tests.bank.judge import case_problems
from tests.bank.lint import changes_exactly_lines, contains_snippet, question_problems
from tests.bank.model import BankEntry, RunnableVerification
from tests.bank.runners import Outcome
from tests.bank.samples import BUGGY, BUGGY_PROGRAM, FIXED_PROGRAM, sample_entry

pytestmark = pytest.mark.unit


def _entry(**overrides: Any) -> BankEntry:
    return sample_entry(**overrides)


def _choice(**overrides: Any) -> BankEntry:
    fields: dict[str, Any] = {
        "format": "single_choice",
        "topic": "language-fundamentals",
        "stem": "What does print(len({1, 1, 2})) print?",
        "code": None,
        "options": [
            {"id": "a", "text": "1"},
            {"id": "b", "text": "2"},
            {"id": "c", "text": "3"},
        ],
        "answer": "b",
        "verification": {
            "runner": "python",
            "cases": [
                {
                    "name": "prints",
                    "program": "print(len({1, 1, 2}))",
                    "expect": "pass",
                    "stdout_is_answer": True,
                }
            ],
        },
    }
    fields.update(overrides)
    return _entry(**fields)


def _outcome(*, exit_code: int | None, stdout: str = "") -> Outcome:
    return Outcome(phase="run", exit_code=exit_code, stdout=stdout, stderr="", seconds=0.1)


def test_a_well_formed_spot_the_bug_passes_the_lint() -> None:
    assert question_problems(_entry()) == []
    assert question_problems(_choice()) == []


def test_the_fixed_version_must_change_exactly_the_keyed_lines() -> None:
    assert changes_exactly_lines(program=FIXED_PROGRAM, code=BUGGY, lines=[2])
    assert not changes_exactly_lines(program=FIXED_PROGRAM, code=BUGGY, lines=[1, 2])
    assert not changes_exactly_lines(program=BUGGY_PROGRAM, code=BUGGY, lines=[2])
    wrong_key = _entry(answer=[1])
    assert any("exactly the keyed" in p for p in question_problems(wrong_key))


def test_spot_the_bug_needs_a_failing_snippet_and_a_passing_fix() -> None:
    only_fixed = _entry(
        verification={
            "runner": "python",
            "cases": [{"name": "fixed", "program": FIXED_PROGRAM, "expect": "pass"}],
        }
    )
    assert any("spot-the-bug needs" in p for p in question_problems(only_fixed))


def test_a_stem_quoting_its_key_is_a_giveaway() -> None:
    entry = _choice(
        stem="Is the result 'the set keeps two elements' here? print(len({1, 1, 2}))",
        options=[
            {"id": "a", "text": "the set keeps one element"},
            {"id": "b", "text": "the set keeps two elements"},
            {"id": "c", "text": "the set keeps three elements"},
        ],
        verification={"unverifiable": "self-test of the giveaway rule, nothing to run"},
    )
    assert any("gives the answer away" in p for p in question_problems(entry))


def test_a_key_far_longer_than_its_distractors_is_flagged() -> None:
    entry = _choice(
        options=[
            {"id": "a", "text": "1"},
            {
                "id": "b",
                "text": "2, because a set drops the duplicate 1 and keeps one of each value",
            },
            {"id": "c", "text": "3"},
        ],
        verification={"unverifiable": "self-test of the length rule, nothing to run"},
    )
    assert any("length alone" in p for p in question_problems(entry))


def test_options_must_be_distinct_and_in_order() -> None:
    entry = _choice(
        options=[
            {"id": "a", "text": "1"},
            {"id": "c", "text": "2"},
            {"id": "b", "text": "  1 "},
        ],
        answer="c",
    )
    problems = question_problems(entry)
    assert problems, "repeated option text and out-of-order ids must be reported"


def test_domain_question_without_verification_and_unknown_tags_are_reported() -> None:
    assert any("needs runnable cases" in p for p in question_problems(_choice(verification=None)))
    assert any("tags" in p for p in question_problems(_choice(tags=["hallucinated"])))


def test_judge_reports_a_fail_case_that_exits_zero_and_a_wrong_printed_answer() -> None:
    entry = _choice()
    verification = entry.runnable
    assert isinstance(verification, RunnableVerification)
    case = verification.cases[0]
    assert case_problems(entry=entry, case=case, outcome=_outcome(exit_code=0, stdout="2\n")) == []
    assert case_problems(entry=entry, case=case, outcome=_outcome(exit_code=0, stdout="3\n"))
    buggy = _entry().runnable
    assert buggy is not None
    assert case_problems(entry=_entry(), case=buggy.cases[0], outcome=_outcome(exit_code=0))
    assert case_problems(entry=_entry(), case=buggy.cases[0], outcome=_outcome(exit_code=None))


def test_snippet_inclusion_ignores_only_trailing_whitespace() -> None:
    assert contains_snippet(program="x = 1   \n" + BUGGY, code=BUGGY + "\n\n")
    assert not contains_snippet(program=BUGGY.replace("    ", "  "), code=BUGGY)


def test_a_stem_must_name_the_toolchain_version_its_proof_runs() -> None:
    entry = _choice(stem="In Python 3.8, what does print(len({1, 1, 2})) print?")
    assert any("Python 3.8" in p for p in question_problems(entry))
    assert question_problems(_choice(stem="In Python 3.11, what does it print?")) == []
