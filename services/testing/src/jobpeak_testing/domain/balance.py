"""Balanced forms: a drawn attempt brought up to the blueprint's per-language and per-topic minima.

The stratified draw fixes how many domain items of each difficulty an attempt holds; a blueprint's
``domain_minima`` (issue 16, item 6) also asks for at least so many items of every language and
every topic. The kernels' draw is left as it is, and this step repairs it: while some language or
topic is short, it swaps one drawn domain item for an undrawn one of the same difficulty that
lowers the total shortfall. Replacements are tried unseen first, then in an order keyed by the
attempt's seed, so the result stays a function of the pool, the seen set and the seed. A swapped-in
item takes the swapped-out item's place in the served order and gets its own option order.

The catalog publishes a bank only when disjoint forms meeting the minima exist, so the repair
succeeds in practice; should the pool ever fall short, the attempt keeps the best balance reached
rather than refusing a candidate who has paid.
"""

from __future__ import annotations

import hashlib
import struct
from collections import Counter
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from jobpeak_contracts.blueprints import Blueprint, DomainMinima
from jobpeak_contracts.questions import Question, Section

from jobpeak_testing.domain.pool import PooledQuestion, QuestionPool, strata_of

if TYPE_CHECKING:
    from jobpeak_testing.domain.assembly import Draw

_STREAM_DOMAIN = b"jobpeak-testing/balance/v1:"
"""Prefix of the seed in the repair's own stream, apart from the draw's (a new rule changes it)."""


class _Tally:
    """Domain items per language and per topic, and how far they fall short of the minima."""

    def __init__(self, minima: DomainMinima, questions: Sequence[Question]) -> None:
        self._minima = minima
        self._languages: Counter[str | None] = Counter(q.language for q in questions)
        self._topics: Counter[str] = Counter(q.topic for q in questions)

    def shortfall(self) -> int:
        return sum(
            max(0, least - self._languages[language])
            for language, least in self._minima.per_language.items()
        ) + sum(
            max(0, least - self._topics[topic]) for topic, least in self._minima.per_topic.items()
        )

    def helps(self, question: Question) -> bool:
        """Whether ``question`` belongs to a language or topic that is short now."""
        language_least = self._minima.per_language.get(question.language or "", 0)
        topic_least = self._minima.per_topic.get(question.topic, 0)
        return (
            self._languages[question.language] < language_least
            or self._topics[question.topic] < topic_least
        )

    def swap(self, out: Question, into: Question) -> None:
        self._languages[out.language] -= 1
        self._topics[out.topic] -= 1
        self._languages[into.language] += 1
        self._topics[into.topic] += 1

    def improves(self, out: Question, into: Question) -> bool:
        """Whether swapping ``out`` for ``into`` lowers the shortfall (counted group by group)."""
        change = 0
        if out.language != into.language:
            change += self._change(
                self._languages, self._minima.per_language, out.language, into.language
            )
        if out.topic != into.topic:
            change += self._change(self._topics, self._minima.per_topic, out.topic, into.topic)
        return change < 0

    @staticmethod
    def _change(
        counts: Counter[Any], minima: dict[str, int], out: str | None, into: str | None
    ) -> int:
        """How the shortfall of one grouping moves when an ``out`` item becomes an ``into`` one."""
        gained = counts[into] < minima.get(into or "", 0)
        lost = counts[out] <= minima.get(out or "", 0)
        return int(lost) - int(gained)


def _words(seed: int, count: int) -> tuple[int, ...]:
    """The first ``count`` 32-bit little-endian words of the repair's stream for ``seed``."""
    key = _STREAM_DOMAIN + seed.to_bytes(8, "big", signed=True)
    return struct.unpack(f"<{count}I", hashlib.shake_128(key).digest(4 * count))


def balanced(
    draw: Draw, *, blueprint: Blueprint, pool: QuestionPool, seen: Collection[str]
) -> Draw:
    """``draw`` with domain items swapped until the blueprint's minima hold (or cannot)."""
    minima = blueprint.domain_minima
    if minima is None:
        return draw
    served = list(draw.questions)
    domain = [p for p, entry in enumerate(served) if entry.stratum.section is Section.DOMAIN]
    tally = _Tally(minima, [served[p].question for p in domain])
    if not tally.shortfall():
        return draw
    drawn = {entry.question_id for entry in served}
    candidates = [
        entry
        for stratum, _ in strata_of(blueprint)
        if stratum.section is Section.DOMAIN
        for entry in pool.in_stratum(stratum)
        if entry.question_id not in drawn
    ]
    words = _words(draw.seed, len(candidates) + 2 * len(served))
    ranked = sorted(
        range(len(candidates)), key=lambda i: (candidates[i].question_id in seen, words[i], i)
    )
    orders = list(draw.option_orders)
    swaps = 0
    while tally.shortfall():
        found = _first_improving_swap(tally, served, domain, candidates, ranked)
        if found is None:
            break
        position, index = found
        incoming = candidates[index]
        tally.swap(served[position].question, incoming.question)
        served[position] = incoming
        orders[position] = incoming.orderings[
            words[len(candidates) + swaps] % len(incoming.orderings)
        ]
        ranked.remove(index)
        swaps += 1
    return type(draw).of(draw.seed, served, orders)


def _first_improving_swap(
    tally: _Tally,
    served: Sequence[PooledQuestion],
    domain: Sequence[int],
    candidates: Sequence[PooledQuestion],
    ranked: Sequence[int],
) -> tuple[int, int] | None:
    """(position in the draw, candidate index) of the first swap that lowers the shortfall."""
    for index in ranked:
        incoming = candidates[index]
        if not tally.helps(incoming.question):
            continue
        for position in domain:
            outgoing = served[position]
            if outgoing.stratum == incoming.stratum and tally.improves(
                outgoing.question, incoming.question
            ):
                return position, index
    return None
