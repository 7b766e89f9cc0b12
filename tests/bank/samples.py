"""A well-formed sample entry the self-tests of the bank checks start from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bank.loader import load_entry
from tests.bank.model import BankEntry

BUGGY = "def last(items):\n    return items[len(items)]\n"
FIXED_PROGRAM = (
    "def last(items):\n    return items[len(items) - 1]\n\nassert last([1, 2, 3]) == 3\n"
)
BUGGY_PROGRAM = BUGGY + "\nassert last([1, 2, 3]) == 3\n"


def sample_entry(*, source: Path = Path("self-test.yaml"), **overrides: Any) -> BankEntry:
    """A well-formed Python spot-the-bug entry; ``overrides`` replace its raw keys."""
    raw: dict[str, Any] = {
        "id": "cod-py-901",
        "version": 1,
        "specialty": "coding",
        "section": "domain",
        "difficulty": "easy",
        "topic": "debugging",
        "language": "python",
        "format": "faulty_lines",
        "stem": "Which line makes last() fail on a non-empty list?",
        "code": BUGGY,
        "answer": [2],
        "explanation": "Line 2 indexes one past the end; the last element is at len(items) - 1.",
        "verification": {
            "runner": "python",
            "cases": [
                {
                    "name": "buggy",
                    "program": BUGGY_PROGRAM,
                    "expect": "fail",
                    "reason": "IndexError",
                    "includes_snippet": True,
                },
                {"name": "fixed", "program": FIXED_PROGRAM, "expect": "pass"},
            ],
        },
    }
    raw.update(overrides)
    return load_entry(source=source, index=0, raw=raw)
