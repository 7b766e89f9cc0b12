"""Money on the wire: integer minor units plus an ISO 4217 currency, never a float."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
