"""Every display order of a question's options, so one random word picks a uniform shuffle.

Drawing picks an option order for every item of every attempt, so the orders are made once, not
per pick: for up to :data:`MATERIALISED_UP_TO` options the table holds the ordered option-id
tuples themselves and a pick is one index; tables are shared by every question with the same
option ids (authors use ``a``, ``b``, … so a bank needs a handful). Beyond that the table would
hold up to 8! = 40,320 tuples, so a larger question gets a table that builds the picked order on
demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from itertools import permutations
from math import factorial
from typing import overload

OptionOrder = tuple[str, ...]

MATERIALISED_UP_TO = 5
"""Option counts whose tables are stored in full (5! = 120 orders)."""


@lru_cache(maxsize=1024)
def order_table(option_ids: OptionOrder) -> Sequence[OptionOrder]:
    """Every ordering of ``option_ids``; for none, the one empty order."""
    if len(option_ids) > MATERIALISED_UP_TO:
        return _OrdersOnDemand(option_ids)
    return tuple(
        tuple([option_ids[position] for position in ordering])
        for ordering in _positions(len(option_ids))
    )


@cache
def _positions(size: int) -> tuple[tuple[int, ...], ...]:
    return tuple(permutations(range(size)))


class _OrdersOnDemand(Sequence[OptionOrder]):
    """The orderings of many options, built when picked (lexicographic, like ``permutations``)."""

    __slots__ = ("_option_ids", "_size")

    def __init__(self, option_ids: OptionOrder) -> None:
        self._option_ids = option_ids
        self._size = factorial(len(option_ids))

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> OptionOrder: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[OptionOrder]: ...

    def __getitem__(self, index: int | slice) -> OptionOrder | Sequence[OptionOrder]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(self._size))]
        if not -self._size <= index < self._size:
            raise IndexError(index)
        return _nth_permutation(self._option_ids, index % self._size)


def _nth_permutation(items: OptionOrder, rank: int) -> OptionOrder:
    """The ``rank``-th permutation of ``items`` in lexicographic order of positions."""
    remaining = list(items)
    chosen: list[str] = []
    for size in range(len(remaining), 0, -1):
        position, rank = divmod(rank, factorial(size - 1))
        chosen.append(remaining.pop(position))
    return tuple(chosen)
