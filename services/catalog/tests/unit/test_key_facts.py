"""The public page's key facts are rendered from data, in the product page's words."""

from __future__ import annotations

from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import parse_specialty
from jobpeak_catalog.application.public_pages import key_facts, shown_money
from jobpeak_catalog.domain.publication import PublishedSnapshot
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.money import Money

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def coding(coding_seed_dir: Path) -> PublishedSnapshot:
    path = coding_seed_dir / "specialty.yaml"
    return PublishedSnapshot(
        definition=parse_specialty(path.read_text(encoding="utf-8"), source=str(path)),
        blueprint_versions={BlueprintKind.PRACTICE: 1, BlueprintKind.CERTIFICATION: 1},
        bank_version=1,
        active_question_count=150,
    )


def test_coding_reads_like_the_product_page(coding: PublishedSnapshot) -> None:
    facts = key_facts(coding, highest_live_ceiling=True, practice_available=True)

    assert facts == [
        "Practice test: free, 15 questions (12 domain + 3 behavioural). Available now.",
        "Cognition Test: 60 questions (40 domain + 20 behavioural). Fee published at checkout.",
        "Pass mark: 78% — no time limit.",
        "Rate ceiling: Up to $100/hr (the highest live rate ceiling on the platform)",
        "Tier: Coding",
        "Retake policy: Yes — no lockout after a failed attempt.",
        "Difficulty mix: 10 easy / 20 medium / 10 hard in the domain section."
        " Behavioural section unweighted by difficulty.",
        "After passing: matched to live work within 7 days.",
    ]
    assert not any("25" in fact for fact in facts)  # the fee amount is billing's to show


def test_a_lower_ceiling_does_not_claim_the_top(coding: PublishedSnapshot) -> None:
    facts = key_facts(coding, highest_live_ceiling=False, practice_available=True)

    assert facts[3] == "Rate ceiling: Up to $100/hr"


@pytest.mark.parametrize(
    ("money", "shown"),
    [
        (Money(amount_minor=10000, currency="USD"), "$100"),
        (Money(amount_minor=4550, currency="EUR"), "€45.50"),
        (Money(amount_minor=1200000, currency="JPY"), "1,200,000 JPY"),
        (Money(amount_minor=9900, currency="CHF"), "99 CHF"),
    ],
)
def test_money_is_shown_in_its_currency(money: Money, shown: str) -> None:
    assert shown_money(money) == shown
