"""Money as integer minor units plus an ISO 4217 currency code, never a float."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_ZERO_DECIMAL_CURRENCIES = frozenset({"JPY", "KRW", "VND", "CLP", "ISK", "UGX", "XAF", "XOF"})


@dataclass(frozen=True, slots=True)
class Money:
    amount_minor: int
    currency: str

    def __post_init__(self) -> None:
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise TypeError("amount_minor: must be an integer number of minor units")
        if self.amount_minor < 0:
            raise ValueError(f"amount_minor: must not be negative, got {self.amount_minor}")
        if not _CURRENCY.match(self.currency):
            raise ValueError(
                f"currency: must be an upper-case ISO 4217 code, got {self.currency!r}"
            )

    def __str__(self) -> str:
        """Human-readable amount for messages, e.g. ``USD 100.00``."""
        if self.currency in _ZERO_DECIMAL_CURRENCIES:
            return f"{self.currency} {self.amount_minor}"
        units, cents = divmod(self.amount_minor, 100)
        return f"{self.currency} {units}.{cents:02d}"
