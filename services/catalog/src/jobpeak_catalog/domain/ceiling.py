"""Whether a specialty pays the highest live rate ceiling on the platform.

Derived from the live (published) specialties at read time, never stored as a flag, so it
stays true or false on its own as specialties are published and retired.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobpeak_contracts.money import Money


def holds_highest_live_ceiling(*, ceiling: Money, live_ceilings: Iterable[Money]) -> bool:
    """True when no live ceiling in the same currency is higher; ties share the top spot.

    Ceilings in other currencies are not comparable without an exchange rate and are ignored.
    ``live_ceilings`` should include this specialty's own ceiling when it is live.
    """
    return all(
        other.amount_minor <= ceiling.amount_minor
        for other in live_ceilings
        if other.currency == ceiling.currency
    )
