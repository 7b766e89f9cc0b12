"""The committed docs/question-bank.md is what the generator makes of the current bank."""

from __future__ import annotations

import pytest

from tests.bank.loader import Bank
from tests.bank.report import REPORT_PATH, render

pytestmark = pytest.mark.unit


def test_question_bank_page_is_regenerated(bank: Bank) -> None:
    committed = REPORT_PATH.read_text(encoding="utf-8") if REPORT_PATH.exists() else ""
    assert committed == render(bank), (
        "docs/question-bank.md is stale: run `uv run python -m tests.bank.report`"
    )
