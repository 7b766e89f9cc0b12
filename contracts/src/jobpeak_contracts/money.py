"""Money on the wire: integer minor units plus an ISO 4217 currency, never a float.

:func:`format_money` is the one way to show an amount to a person: the number of decimals comes
from the ISO 4217 table in :mod:`jobpeak_contracts.currencies`, so ``1200`` JPY is ``1,200 JPY``
and ``1234`` KWD is ``1.234 KWD``, never a currency forced into cents.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from jobpeak_contracts.currencies import minor_unit_exponent

# Symbols only where one is unambiguous; every other currency is shown with its code.
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


class Money(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        json_schema_extra={"examples": [{"amount_minor": 10000, "currency": "USD"}]},
    )

    amount_minor: int = Field(
        ge=0,
        description="Amount in the currency's minor unit (cents for USD): 10000 is $100.00.",
        examples=[10000, 4900],
    )
    currency: str = Field(
        pattern=r"^[A-Z]{3}$",
        description="ISO 4217 alphabetic currency code, upper case.",
        examples=["USD", "EUR"],
    )


def major_amount(amount_minor: int, currency: str) -> Decimal:
    """The exact amount in major units: ``4550`` EUR is ``Decimal("45.50")``."""
    return Decimal(amount_minor).scaleb(-minor_unit_exponent(currency))


def format_money(
    amount_minor: int,
    currency: str,
    *,
    symbol: bool = False,
    hide_zero_fraction: bool = False,
) -> str:
    """``amount_minor`` of ``currency`` for people: ``1,234.50 USD``, ``1,200 JPY``, ``1.234 KWD``.

    Digits are grouped by thousands with commas and the fraction has exactly the currency's
    ISO 4217 number of decimals. ``symbol`` puts ``$``, ``€`` or ``£`` in front instead of the
    code after (other currencies keep their code); ``hide_zero_fraction`` shows ``$100`` rather
    than ``$100.00``. Raises :class:`~jobpeak_contracts.currencies.UnknownCurrency` for a code
    the table does not have.
    """
    exponent = minor_unit_exponent(currency)
    sign = "-" if amount_minor < 0 else ""
    whole, fraction = divmod(abs(amount_minor), 10**exponent)
    number = f"{whole:,}"
    if exponent and not (hide_zero_fraction and fraction == 0):
        number = f"{number}.{fraction:0{exponent}d}"
    shown_symbol = _SYMBOLS.get(currency) if symbol else None
    if shown_symbol is not None:
        return f"{sign}{shown_symbol}{number}"
    return f"{sign}{number} {currency}"
