"""Approve-correct items: the model's code is right and the key says so (issue 16, item 3).

An item tagged ``model-correct`` is keyed ``true`` on a claim of correctness, on a choice option
that reads "Approve ...", or with no faulty line (an empty ``faulty_lines`` key, which must carry
the tag); its proof runs the model's code verbatim and shows it passing.
"""

from __future__ import annotations

from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)

from tests.bank.model import BankEntry

APPROVE_PREFIX = "Approve"
"""How an option that approves the model's code starts."""


def keys_approval(entry: BankEntry) -> bool:
    """Whether the key says the model's code is correct."""
    question = entry.question
    if isinstance(question, TrueFalseQuestion):
        return question.answer is True
    if isinstance(question, FaultyLinesQuestion):
        return not question.answer
    if isinstance(question, SingleChoiceQuestion):
        keyed = next(option for option in question.options if option.id == question.answer)
        return keyed.text.startswith(APPROVE_PREFIX)
    return False


def approval_problems(entry: BankEntry) -> list[str]:
    if "model-correct" not in entry.tags:
        if isinstance(entry.question, FaultyLinesQuestion) and not entry.question.answer:
            return [
                "model-correct: a faulty_lines key with no faulty line approves the code; tag it"
            ]
        return []
    problems = []
    if not keys_approval(entry):
        problems.append(
            f"model-correct: the key must approve the code (true, or an option starting "
            f"{APPROVE_PREFIX!r})"
        )
    verification = entry.runnable
    if verification is None or not any(
        case.expect == "pass" and case.includes_snippet for case in verification.cases
    ):
        problems.append(
            "model-correct: the proof must run the model's code verbatim (includes_snippet) "
            "and show it passing its checks (expect: pass)"
        )
    return problems
