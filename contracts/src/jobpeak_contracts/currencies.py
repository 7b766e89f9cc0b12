"""ISO 4217: how many decimal places each currency's minor unit has (the one table).

A currency's exponent says how many minor units make a major one: 2 for USD (100 cents), 0 for
JPY and KRW (the yen has no subunit in use), 3 for KWD and BHD (1,000 fils). Money on the wire is
an integer of minor units, so displaying it right depends on this table alone. Codes without a
minor unit (gold, SDR, test codes) are left out: they are not money we display.
"""

from __future__ import annotations

_ZERO_DECIMAL = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
_THREE_DECIMAL = "BHD IQD JOD KWD LYD OMR TND"
_FOUR_DECIMAL = "CLF UYW"
_TWO_DECIMAL = (
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN "
    "BZD CAD CDF CHE CHF CHW CNY COP COU CRC CUC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP "
    "GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK "
    "LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK "
    "NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD "
    "SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG "
    "YER ZAR ZMW ZWG ZWL"
)

MINOR_UNIT_EXPONENTS: dict[str, int] = {
    code: exponent
    for exponent, codes in (
        (0, _ZERO_DECIMAL),
        (2, _TWO_DECIMAL),
        (3, _THREE_DECIMAL),
        (4, _FOUR_DECIMAL),
    )
    for code in codes.split()
}
"""ISO 4217 alphabetic code → number of decimal places of its minor unit."""


class UnknownCurrency(ValueError):
    """A well-formed code that is not an ISO 4217 currency with a minor unit."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        super().__init__(f"currency: {currency!r} is not an ISO 4217 currency with a minor unit")


def minor_unit_exponent(currency: str) -> int:
    """Decimal places of ``currency``'s minor unit (2 for USD, 0 for JPY, 3 for KWD)."""
    try:
        return MINOR_UNIT_EXPONENTS[currency]
    except KeyError:
        raise UnknownCurrency(currency) from None
