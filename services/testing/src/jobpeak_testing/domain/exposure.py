"""Exposure control of the certification pool: how often each item was served, and what is left.

Every certification attempt that serves an item raises its exposure by one. An item that reaches
the exposure cap is flagged for retirement (the catalog replaces it from its reserve, keeping the
active bank at full size). Headroom is how many more mutually disjoint forms the active bank can
still fill in a stratum from items below the cap: a bank whose headroom drops to zero in any
stratum can no longer give two candidates different items there.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from jobpeak_contracts.blueprints import Blueprint

from jobpeak_testing.domain.pool import QuestionPool, Stratum, strata_of


class StratumExposure(NamedTuple):
    stratum: Stratum
    live_items: int
    per_form: int
    """How many items one form draws from the stratum."""
    served: int
    """Item servings in the stratum over every certification attempt so far."""
    most_served: int
    at_cap: int
    headroom: int
    """Disjoint forms the items below the cap can still fill (live items below cap // per form)."""


def exposure_by_stratum(
    *, blueprint: Blueprint, pool: QuestionPool, served: Mapping[str, int], cap: int
) -> tuple[StratumExposure, ...]:
    """The exposure of ``pool``'s live items per stratum of ``blueprint``."""
    report: list[StratumExposure] = []
    for stratum, per_form in strata_of(blueprint):
        counts = [served.get(entry.question_id, 0) for entry in pool.in_stratum(stratum)]
        at_cap = sum(count >= cap for count in counts)
        report.append(
            StratumExposure(
                stratum=stratum,
                live_items=len(counts),
                per_form=per_form,
                served=sum(counts),
                most_served=max(counts, default=0),
                at_cap=at_cap,
                headroom=(len(counts) - at_cap) // per_form,
            )
        )
    return tuple(report)
