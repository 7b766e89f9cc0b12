"""The repository's pytest plugin refuses an unmarked test and derandomizes property tests."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import settings
from jobpeak_devstack.pytest_plugin import pytest_collection_modifyitems

pytestmark = pytest.mark.unit


@dataclass
class _Item:
    nodeid: str
    markers: set[str] = field(default_factory=set)

    def get_closest_marker(self, name: str) -> str | None:
        return name if name in self.markers else None


def test_a_test_without_a_kind_stops_the_collection_naming_it() -> None:
    items = [_Item("a.py::marked", {"integration"}), _Item("b.py::bare", {"parametrize"})]
    with pytest.raises(pytest.UsageError, match=r"1 test\(s\) .*: b\.py::bare$"):
        pytest_collection_modifyitems(items)  # type: ignore[arg-type]


def test_marked_tests_pass_through() -> None:
    pytest_collection_modifyitems([_Item("a.py::t", {"unit"})])  # type: ignore[list-item]


def test_property_tests_draw_the_same_examples_on_every_run() -> None:
    active = settings.default
    assert active is not None
    assert active.derandomize
    assert active.database is None
