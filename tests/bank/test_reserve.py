"""The reserve as a whole (per-item lint and proofs run in test_lint and test_verification)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bank.lint import duplicate_ids, question_problems
from tests.bank.loader import Bank, BankFile
from tests.bank.reserve import proof_problems, reserve_problems, separation_problems
from tests.bank.samples import sample_entry

pytestmark = pytest.mark.unit


def test_reserve_is_balanced_cue_free_and_large_enough(reserve: Bank) -> None:
    assert reserve_problems(reserve) == []


def test_every_reserve_domain_item_is_proven_and_names_its_failures(reserve: Bank) -> None:
    assert proof_problems(reserve) == []


def test_reserve_ids_are_unique_across_every_pool(
    bank: Bank, practice: Bank, reserve: Bank
) -> None:
    assert duplicate_ids(Bank(files=bank.files + practice.files + reserve.files)) == {}


def test_no_reserve_item_repeats_another_pools_item(
    bank: Bank, practice: Bank, reserve: Bank
) -> None:
    assert separation_problems(reserve=reserve, others=(bank, practice)) == []


def test_reserve_items_are_named_rnn_and_an_empty_reserve_is_refused() -> None:
    entry = sample_entry(source=Path("reserve/self-test.yaml"), id="cod-py-r01")
    assert entry.pool == "reserve"
    assert entry.location.startswith("reserve/")
    assert question_problems(entry) == []
    misnamed = sample_entry(source=Path("reserve/self-test.yaml"), id="cod-py-901")
    assert any("cod-py-rNN" in p for p in question_problems(misnamed))
    assert any("total" in p for p in reserve_problems(Bank(files=())))


def test_a_copied_or_unproven_item_is_reported(bank: Bank) -> None:
    copied = Bank(files=(bank.files[0],))
    assert any("stem" in p for p in separation_problems(reserve=copied, others=(bank,)))
    unproven = sample_entry(
        source=Path("reserve/self-test.yaml"),
        id="cod-py-r99",
        verification={"unverifiable": "self-test: a reserve item must run, this one does not"},
    )
    reserve = Bank(files=(BankFile(path=Path("reserve/x.yaml"), entries=(unproven,), errors=()),))
    assert any("proven by execution" in p for p in proof_problems(reserve))
