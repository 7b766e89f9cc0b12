"""The practice pool: three disjoint practice forms, balanced, cue-free, apart from certification.

Per-item lint and proofs of practice items run in test_lint/test_verification with the
certification items (their ids read ``<language>:cod-<code>-pNN``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_contracts.questions import FaultyLinesQuestion, Section, TrueFalseQuestion

from tests.bank.lint import duplicate_ids, question_problems
from tests.bank.loader import Bank
from tests.bank.model import BankEntry
from tests.bank.practice import overlap_problems, pool_problems
from tests.bank.samples import sample_entry

pytestmark = pytest.mark.unit


def test_practice_pool_holds_three_balanced_cue_free_forms(practice: Bank) -> None:
    assert pool_problems(practice) == []


def test_practice_ids_are_unique(practice: Bank) -> None:
    assert duplicate_ids(practice) == {}


def test_no_practice_item_repeats_a_certification_item(bank: Bank, practice: Bank) -> None:
    assert overlap_problems(certification=bank, practice=practice) == []


def _practice_entry(**overrides: object) -> BankEntry:
    """An approve-keyed true/false item of the practice pool, built on the harness' sample."""
    program = "def total(xs):\n    return sum(xs)\n\nassert total([1, 2]) == 3\n"
    fields: dict[str, object] = {
        "id": "cod-py-p99",
        "topic": "code-review",
        "format": "true_false",
        "tags": ["model-correct"],
        "stem": "The model's total() returns the sum of the list. True or false?",
        "code": "def total(xs):\n    return sum(xs)\n",
        "answer": True,
        "explanation": "sum() adds every element and returns 0 for an empty list, as asked.",
        "verification": {
            "runner": "python",
            "cases": [
                {"name": "sums", "program": program, "expect": "pass", "includes_snippet": True}
            ],
        },
    }
    fields.update(overrides)
    return sample_entry(source=Path("practice/self-test.yaml"), **fields)


def test_practice_lint_knows_the_pool_id_form_and_the_approve_rules() -> None:
    entry = _practice_entry()
    assert question_problems(entry) == []
    certification_id = question_problems(_practice_entry(id="cod-py-001"))
    assert any("cod-py-pNN" in p for p in certification_id)
    assert any("must approve" in p for p in question_problems(_practice_entry(answer=False)))


def test_an_expected_failure_in_practice_must_name_its_reason() -> None:
    failing = {
        "runner": "python",
        "cases": [{"name": "raises", "program": "raise ValueError()", "expect": "fail"}],
    }
    entry = _practice_entry(tags=[], answer=False, verification=failing)
    assert any("names its reason" in p for p in question_problems(entry))


def test_pool_rules_reject_an_empty_pool_and_a_copied_certification_item(bank: Bank) -> None:
    empty = pool_problems(Bank(files=()))
    assert any("disjoint forms" in p for p in empty)
    assert any("model-correct" in p for p in empty)
    copied = bank.files[0]
    overlap = overlap_problems(certification=bank, practice=Bank(files=(copied,)))
    assert any("certification id" in p for p in overlap)
    assert any("stem" in p for p in overlap)


def test_a_faulty_lines_item_keyed_with_no_faulty_line_is_an_approval() -> None:
    program = "def total(xs):\n    return sum(xs)\n\nassert total([1, 2]) == 3\n"
    proof = {
        "runner": "python",
        "cases": [{"name": "sums", "program": program, "expect": "pass", "includes_snippet": True}],
    }
    clean = _practice_entry(format="faulty_lines", answer=[], verification=proof)
    assert question_problems(clean) == []
    untagged = _practice_entry(format="faulty_lines", answer=[], tags=[], verification=proof)
    assert any("tag it" in p for p in question_problems(untagged))


LONG_RESPONSE_LINES = range(30, 121)
"""Issue 16 item 2: a brief and a model's response of 30-120 lines, reviewed line by line."""
LONG_RESPONSE_MINIMUM = 34
LONG_RESPONSE_SHARE = 0.40
"""Issue 16: at least 40% of the pool's domain items; the count is a ratchet on top of it."""


def _long_review_items(pool: Bank) -> list[str]:
    return [
        entry.id
        for entry in pool.entries
        if isinstance(entry.question, FaultyLinesQuestion | TrueFalseQuestion)
        and entry.question.code is not None
        and len(entry.question.code.splitlines()) in LONG_RESPONSE_LINES
    ]


def test_practice_holds_line_anchored_reviews_of_long_model_responses(practice: Bank) -> None:
    long_items = _long_review_items(practice)
    domain = sum(1 for q in practice.questions if q.section is Section.DOMAIN)
    print(f"practice: {len(long_items)} of {domain} domain items review a 30-120 line response")
    assert len(long_items) >= LONG_RESPONSE_MINIMUM, long_items
    assert len(long_items) >= LONG_RESPONSE_SHARE * domain, f"{len(long_items)} of {domain}"


CERTIFICATION_LONG_RESPONSE_MINIMUM = 42
"""Issue 16 item 2 in the certification pool: the count is a ratchet on top of the 40% share."""


def test_certification_holds_line_anchored_reviews_of_long_model_responses(bank: Bank) -> None:
    long_items = _long_review_items(bank)
    domain = sum(1 for q in bank.questions if q.section is Section.DOMAIN)
    print(
        f"certification: {len(long_items)} of {domain} domain items review a 30-120 line response"
    )
    assert len(long_items) >= CERTIFICATION_LONG_RESPONSE_MINIMUM, long_items
    assert len(long_items) >= LONG_RESPONSE_SHARE * domain, f"{len(long_items)} of {domain}"
