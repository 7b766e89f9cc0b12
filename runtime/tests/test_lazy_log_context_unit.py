"""A consumed record's log context is computed only for the lines actually logged."""

from __future__ import annotations

import pytest
from jobpeak_runtime.logging import lazy_log_context, merge_lazy_log_context

pytestmark = pytest.mark.unit


def test_the_fields_are_computed_only_when_a_line_is_logged() -> None:
    calls: list[str] = []

    def fields() -> dict[str, object]:
        calls.append("computed")
        return {"event_id": "e-1", "subject": None, "topic": "t"}

    with lazy_log_context(fields):
        assert calls == []
        logged = merge_lazy_log_context(None, "info", {"event": "handled"})

    assert calls == ["computed"]
    assert logged == {"event": "handled", "event_id": "e-1", "topic": "t"}


def test_bound_values_win_and_nothing_is_added_outside_the_block() -> None:
    with lazy_log_context(lambda: {"event_id": "lazy"}):
        logged = merge_lazy_log_context(None, "info", {"event": "x", "event_id": "bound"})

    assert logged == {"event": "x", "event_id": "bound"}
    assert merge_lazy_log_context(None, "info", {"event": "y"}) == {"event": "y"}


def test_an_inner_block_replaces_the_outer_fields() -> None:
    with (
        lazy_log_context(lambda: {"event_id": "outer", "topic": "t"}),
        lazy_log_context(lambda: {"event_id": "inner"}),
    ):
        logged = merge_lazy_log_context(None, "info", {"event": "x"})

    assert logged == {"event": "x", "event_id": "inner"}
