"""Behavioural items measure a reviewer's conduct, not technical knowledge the domain items test.

A behavioural item that turns on how a language API behaves is a technical question in disguise:
it weighs as behavioural, and it can repeat a domain item of the same attempt. Two simple,
mechanical checks over every pool (certification, practice, reserve):

* no behavioural snippet shares two consecutive lines with any domain item's code;
* no behavioural stem, snippet or option names an API or keyword from ``TECHNICAL_NAMES``,
  the names whose behaviour domain items (or the technical items rewritten out of the
  behavioural section) turn on. The list is deliberately explicit; extend it when a domain item
  tests a new API.

Neither check understands meaning: paraphrased technical content gets through, so the list and
the review of new behavioural items stay the real guard.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pytest
from jobpeak_contracts.questions import Question, Section

from tests.bank.lint import normalise_text
from tests.bank.loader import Bank

pytestmark = pytest.mark.unit

TECHNICAL_NAMES = (
    "itertools",
    "batched",
    "dict.fromkeys",
    "set(",
    "max(",
    ".sort(",
    "sort()",
    "readFileSync",
    "fs.promises",
    "sync.Mutex",
    "goroutine",
    "MERGE INTO",
    "ON CONFLICT",
    "DENSE_RANK",
    "RANK()",
    "basicConfig",
    "is None",
    "== None",
    "__main__",
    "urllib",
    "O(log n)",
    "O(1)",
)
"""Language APIs and keywords whose behaviour is domain knowledge (matched as written)."""

SNIPPET_WINDOW = 2
"""Consecutive non-blank lines that make a shared snippet (one shared line is often generic)."""


def _windows(code: str | None) -> Iterator[tuple[str, ...]]:
    lines = [normalise_text(line) for line in (code or "").splitlines()]
    lines = [line for line in lines if line]
    for start in range(len(lines) - SNIPPET_WINDOW + 1):
        yield tuple(lines[start : start + SNIPPET_WINDOW])


def _shown_text(question: Question) -> str:
    options = getattr(question, "options", None) or ()
    return "\n".join([question.stem, question.code or "", *(option.text for option in options)])


def overlap_problems(questions: Iterable[Question]) -> list[str]:
    """One line per behavioural item repeating a domain item's snippet or naming a listed API."""
    every = list(questions)
    domain_windows: dict[tuple[str, ...], str] = {}
    for question in every:
        if question.section is Section.DOMAIN:
            for window in _windows(question.code):
                domain_windows.setdefault(window, question.id)
    problems: list[str] = []
    for question in every:
        if question.section is not Section.BEHAVIOURAL:
            continue
        shared = sorted({domain_windows[w] for w in _windows(question.code) if w in domain_windows})
        if shared:
            problems.append(f"{question.id}: its snippet repeats code of {', '.join(shared)}")
        text = _shown_text(question)
        named = [name for name in TECHNICAL_NAMES if name in text]
        if named:
            problems.append(f"{question.id}: names domain API/keyword {', '.join(named)}")
    return problems


def test_the_check_flags_a_shared_snippet_and_a_named_api(bank: Bank) -> None:
    domain = next(q for q in bank.questions if q.section is Section.DOMAIN and q.code)
    behavioural = next(q for q in bank.questions if q.section is Section.BEHAVIOURAL)
    copied = behavioural.model_copy(update={"code": domain.code})
    naming = behavioural.model_copy(update={"stem": "The response calls itertools.batched."})
    problems = overlap_problems([domain, copied, naming])
    assert any("repeats code of" in problem for problem in problems)
    assert any("names domain API/keyword itertools" in problem for problem in problems)


def test_no_behavioural_item_repeats_domain_technical_content(
    bank: Bank, practice: Bank, reserve: Bank
) -> None:
    every = [*bank.questions, *practice.questions, *reserve.questions]
    behavioural = sum(question.section is Section.BEHAVIOURAL for question in every)
    problems = overlap_problems(every)
    print(f"behavioural overlap: {len(problems)} problem(s) over {behavioural} behavioural items")
    assert problems == [], "\n".join(problems)
