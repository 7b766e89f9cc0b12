"""A faulty-lines item may be keyed "no line is faulty" (an empty answer); bad line numbers not."""

from __future__ import annotations

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_bank
from jobpeak_catalog.domain.problems import InvalidInput
from jobpeak_contracts.questions import FaultyLinesQuestion

pytestmark = pytest.mark.unit

ITEM = """
questions:
  - id: cod-py-950
    version: 1
    specialty: coding
    section: domain
    difficulty: medium
    topic: code-review
    language: python
    format: faulty_lines
    tags: [model-correct]
    stem: Mark every faulty line of the model's total(), if any.
    code: |
      def total(xs):
          return sum(xs)
    answer: ANSWER
    explanation: sum() returns the total of the list and 0 for an empty one; no line is faulty.
"""


def test_an_empty_faulty_lines_key_is_accepted() -> None:
    [entry] = parse_bank(ITEM.replace("ANSWER", "[]"), source="clean.yaml")
    assert isinstance(entry.question, FaultyLinesQuestion)
    assert entry.question.answer == []


def test_a_line_outside_the_snippet_is_still_refused() -> None:
    with pytest.raises(InvalidInput):
        parse_bank(ITEM.replace("ANSWER", "[3]"), source="outside.yaml")
