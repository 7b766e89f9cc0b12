"""Comparing what a verification program did with what its case (and the key) claims."""

from __future__ import annotations

from jobpeak_contracts.questions import SingleChoiceQuestion

from tests.bank.lint import contains_snippet, normalise_lines
from tests.bank.model import BankEntry, VerificationCase
from tests.bank.runners import Outcome


def _same_output(actual: str, expected: str) -> bool:
    return normalise_lines(actual) == normalise_lines(expected)


def keyed_option_text(entry: BankEntry) -> str | None:
    question = entry.question
    if not isinstance(question, SingleChoiceQuestion):
        return None
    return next(option.text for option in question.options if option.id == question.answer)


def case_problems(*, entry: BankEntry, case: VerificationCase, outcome: Outcome) -> list[str]:
    """Every way ``outcome`` contradicts ``case``; empty when the case holds."""
    problems = []
    code = entry.question.code if entry.question else None
    if case.includes_snippet and not (code and contains_snippet(program=case.program, code=code)):
        problems.append("includes_snippet: the question's code is not in the program verbatim")
    if outcome.exit_code is None:
        problems.append(f"timed out ({outcome.describe()})")
    elif case.expect == "pass" and not outcome.succeeded:
        problems.append(f"expected to pass, but {outcome.describe()}")
    elif case.expect == "fail" and outcome.succeeded:
        problems.append("expected to fail, but it compiled and exited 0")
    if case.stdout is not None and not _same_output(outcome.stdout, case.stdout):
        problems.append(f"stdout: expected {case.stdout!r}, got {outcome.stdout!r}")
    if case.reason is not None and case.reason not in outcome.stdout + outcome.stderr:
        problems.append(f"reason: {case.reason!r} is not in the run's output")
    if case.stdout_is_answer:
        key = keyed_option_text(entry)
        if key is None:
            problems.append("stdout_is_answer: the question has no single keyed option")
        elif not _same_output(outcome.stdout, key):
            problems.append(
                f"stdout_is_answer: the program printed {outcome.stdout!r}, "
                f"but the keyed option reads {key!r}"
            )
    return problems
