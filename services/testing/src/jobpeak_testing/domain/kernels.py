"""The per-item loops of drawing and grading an attempt, written so that mypyc can compile them.

Only builtin types and the standard library appear here, so the build compiles this one module on
its own into ``_jobpeak_testing_kernels`` (see ``hatch_build.py``, ADR 11);
:mod:`~jobpeak_testing.domain.compiled` picks that extension when it is installed and this source
otherwise. Both give the same results: the source is the specification, the extension is the same
code run without the interpreter's per-bytecode cost.

A pooled question arrives as a plain tuple whose fields sit at the positions below; they are those
of :class:`~jobpeak_testing.domain.pool.PooledQuestion`, which a unit test keeps in step.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from typing import Any, Final

Entry = tuple[Any, ...]
"""A :class:`~jobpeak_testing.domain.pool.PooledQuestion`."""

QUESTION_ID: Final = 0
KEY: Final = 2
ORDERINGS: Final = 5
CELL: Final = 6

Stratum = tuple[tuple[Entry, ...], int, bool]
"""The pool members of one stratum, how many to draw from it, whether its section ends there."""


def words_needed(strata: list[Stratum]) -> int:
    """How many words of the draw stream :func:`draw` reads at most for ``strata``."""
    return sum([len(members) + 2 * count for members, count, _ in strata])


def draw(
    strata: list[Stratum],
    words: Sequence[int],
    seen: Container[str],
    exposure: dict[str, int],
) -> tuple[list[Entry], list[Any], bytes]:
    """The items of an attempt in serving order, each one's option order, and each one's cell.

    ``words`` is the draw stream (:func:`words_needed` long): one word per pool member of
    ``strata`` for the walks, then one per item to shuffle the sections, then one per item to pick
    its option order. ``exposure`` counts how many attempts served each question; when it is
    empty (nothing served yet, or a pool that is not counted) every question counts as unserved.
    """
    walk_words = 0
    size = 0
    for members, count, _ in strata:
        walk_words += len(members)
        size += count
    drawn: list[Entry] = []
    orders: list[Any] = []
    walk_start = 0
    section_start = 0
    for members, count, ends_section in strata:
        if exposure:
            drawn += least_exposed(members, count, words, walk_start, (seen, exposure))
        else:
            drawn += walk(members, count, words, walk_start, seen)
        walk_start += len(members)
        if ends_section:
            orders += shuffle_and_order(
                drawn, section_start, words, walk_words + section_start, size
            )
            section_start = len(drawn)
    return drawn, orders, bytes([entry[CELL] for entry in drawn])


def walk(
    members: tuple[Entry, ...], count: int, words: Sequence[int], start: int, seen: Container[str]
) -> list[Entry]:
    """``count`` members, unseen ones first, in random order, reading ``words`` from ``start``.

    Walks a random permutation of ``members`` (Fisher-Yates, drawn lazily) and keeps unseen
    questions until it has ``count``; only when the unseen run out do the seen ones it passed
    over fill the rest, in the order it met them. Reads at most one word per member.
    """
    candidates = list(members)
    size = len(candidates)
    chosen: list[Entry] = []
    passed_over: list[Entry] = []
    for index in range(size):
        other = index + words[start + index] % (size - index)
        entry = candidates[other]
        candidates[other] = candidates[index]
        if entry[QUESTION_ID] in seen:
            passed_over.append(entry)
            continue
        chosen.append(entry)
        if len(chosen) == count:
            return chosen
    return chosen + passed_over[: count - len(chosen)]


_POSITION_BITS: Final = 16
"""Strata of up to 65,536 members: a member's position fits below the random tie-break."""
_TIE_BITS: Final = 24
_SERVINGS_BITS: Final = 14
_MOST_SERVINGS: Final = (1 << _SERVINGS_BITS) - 1
"""Servings beyond this many rank as this many (far above any sensible exposure cap)."""
_SEEN_BIT: Final = 1 << (_POSITION_BITS + _TIE_BITS + _SERVINGS_BITS)


def least_exposed(
    members: tuple[Entry, ...],
    count: int,
    words: Sequence[int],
    start: int,
    ranking: tuple[Container[str], dict[str, int]],
) -> list[Entry]:
    """``count`` members: unseen before seen, the least served first, ties in random order.

    ``ranking`` is the candidate's seen ids and every question's servings. Each member gets one
    integer key, (seen, servings, a random tie-break from its word of ``words`` read from
    ``start``, its position), and the smallest keys win: one pass and one sort of plain ints.
    """
    seen, exposure = ranking
    keys: list[int] = []
    for position in range(len(members)):
        question_id: str = members[position][QUESTION_ID]
        served: int = exposure.get(question_id, 0)
        served = min(served, _MOST_SERVINGS)
        tie = words[start + position] >> (32 - _TIE_BITS)
        key = (((served << _TIE_BITS) | tie) << _POSITION_BITS) | position
        keys.append(key | _SEEN_BIT if question_id in seen else key)
    keys.sort()
    mask = (1 << _POSITION_BITS) - 1
    return [members[key & mask] for key in keys[:count]]


def shuffle_and_order(
    items: list[Entry], start: int, words: Sequence[int], word_start: int, order_offset: int
) -> list[Any]:
    """Shuffle the section ``items[start:]`` in place (Fisher-Yates); its items' option orders.

    The shuffle reads ``words`` from ``word_start``, the option orders ``order_offset`` later.
    """
    orders: list[Any] = []
    end = len(items)
    for index in range(start, end):
        word = word_start + index - start
        other = index + words[word] % (end - index)
        entry = items[other]
        items[other] = items[index]
        items[index] = entry
        table: Sequence[Any] = entry[ORDERINGS]  # a tuple, or orders built on demand
        orders.append(table[words[word + order_offset] % len(table)])
    return orders


def score(
    entries: tuple[Entry, ...],
    answers: dict[str, Any],
    cells: bytes,
    points: list[float],
    parts: bytes,
) -> tuple[tuple[bool, ...], list[float], list[float]]:
    """Whether each item is answered correctly, and the points earned and available per part.

    An item in cell ``c`` is worth ``points[c]`` and counts towards part ``parts[c]``; items are
    counted per cell and weighted once per cell at the end.
    """
    correct: list[bool] = []
    items_in = [0] * len(points)
    correct_in = [0] * len(points)
    for index in range(len(entries)):
        entry = entries[index]
        cell = cells[index]
        items_in[cell] += 1
        if answers.get(entry[QUESTION_ID]) == entry[KEY]:
            correct_in[cell] += 1
            correct.append(True)
        else:
            correct.append(False)
    earned = [0.0, 0.0]
    available = [0.0, 0.0]
    for cell in range(len(points)):
        if items_in[cell]:
            earned[parts[cell]] += points[cell] * correct_in[cell]
            available[parts[cell]] += points[cell] * items_in[cell]
    return tuple(correct), earned, available
