"""What a verified Stripe webhook event means for an order.

Only the few fields billing needs are read from the event, leniently (Stripe adds fields in every
API version); a handled event type that lacks one of them is refused as malformed. Event types
billing does not handle are reported as :class:`Unhandled` and acknowledged without effect.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from jobpeak_contracts.money import Money
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

ORDER_ID_METADATA = "order_id"
"""Metadata key linking a Stripe object (session, payment intent, refund) to its order."""

_FAILURE_CODE = re.compile(r"^[a-z0-9_]{1,64}$")


class MalformedStripeEvent(ValueError):
    """A correctly signed body that is not a usable Stripe event."""


# Bounds on every field read, so that a signed but absurd event is a 400 naming the field and
# never reaches the database or ``datetime`` (a 10,000-character id, ``created: 1e20``). They
# are Stripe's own limits, with room to spare.
_Id = Annotated[str, StringConstraints(min_length=1, max_length=255)]
"""Stripe object ids are at most 255 characters."""
_Word = Annotated[str, StringConstraints(max_length=128)]
_MetadataKey = Annotated[str, StringConstraints(max_length=40)]
_MetadataValue = Annotated[str, StringConstraints(max_length=500)]
_Timestamp = Annotated[int, Field(ge=0, le=253_402_300_799)]
"""Unix seconds up to 9999-12-31T23:59:59Z, the last instant ``datetime`` can hold."""
_Amount = Annotated[int, Field(ge=0, le=999_999_999_999)]
_Currency = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{3}$")]


class _Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class _Expandable(_Lenient):
    id: _Id


class _PaymentError(_Lenient):
    code: _Word | None = None
    decline_code: _Word | None = None


class _RefundItem(_Lenient):
    id: _Id
    created: _Timestamp = 0


class _RefundList(_Lenient):
    data: list[_RefundItem] = Field(default_factory=list, max_length=100)


class _StripeObject(_Lenient):
    id: _Id
    object: _Word
    metadata: dict[_MetadataKey, _MetadataValue] | None = Field(default=None, max_length=50)
    payment_intent: _Id | _Expandable | None = None
    payment_status: _Word | None = None
    status: _Word | None = None
    amount_total: _Amount | None = None
    currency: _Currency | None = None
    last_payment_error: _PaymentError | None = None
    refunded: bool | None = None
    refunds: _RefundList | None = None


class _EventData(_Lenient):
    object: _StripeObject


class _Event(_Lenient):
    id: _Id = Field(pattern=r"^evt_[A-Za-z0-9_]+$")
    object: str = Field(pattern=r"^event$")
    type: _Word
    created: _Timestamp
    data: _EventData


@dataclass(frozen=True)
class SessionPaid:
    """A Checkout Session's payment succeeded."""

    checkout_session_id: str
    payment_intent_id: str
    order_id: uuid.UUID | None
    paid: Money
    """``amount_total`` and ``currency`` of the session: what the candidate actually paid."""


@dataclass(frozen=True)
class SessionAwaitingPayment:
    """A session completed with a delayed payment method; the outcome comes later."""

    checkout_session_id: str
    order_id: uuid.UUID | None


@dataclass(frozen=True)
class SessionFailed:
    """A session's delayed payment failed, or the session expired unpaid."""

    checkout_session_id: str
    payment_intent_id: str | None
    failure_code: str | None
    order_id: uuid.UUID | None


@dataclass(frozen=True)
class PaymentIntentFailed:
    """A payment attempt was declined or otherwise failed."""

    payment_intent_id: str
    failure_code: str | None
    order_id: uuid.UUID | None


@dataclass(frozen=True)
class ChargeRefunded:
    """A charge was refunded, in full or (``fully_refunded`` false) in part."""

    payment_intent_id: str
    refund_id: str | None
    fully_refunded: bool


@dataclass(frozen=True)
class Unhandled:
    """An event type billing does not act on."""


Fact = (
    SessionPaid
    | SessionAwaitingPayment
    | SessionFailed
    | PaymentIntentFailed
    | ChargeRefunded
    | Unhandled
)


@dataclass(frozen=True)
class StripeNotification:
    event_id: str
    event_type: str
    created: datetime
    fact: Fact


def parse_notification(body: bytes | str) -> StripeNotification:
    """Interpret a webhook body whose signature has already been verified."""
    try:
        event = _Event.model_validate_json(body)
    except ValidationError as error:
        raise MalformedStripeEvent(f"not a Stripe event: {_first_problem(error)}") from None
    return StripeNotification(
        event_id=event.id,
        event_type=event.type,
        created=datetime.fromtimestamp(event.created, UTC),
        fact=_fact(event.type, event.data.object),
    )


def _fact(event_type: str, obj: _StripeObject) -> Fact:
    match event_type:
        case "checkout.session.completed" | "checkout.session.async_payment_succeeded":
            _expect(obj, "checkout.session", event_type)
            if obj.payment_status != "paid":
                return SessionAwaitingPayment(
                    checkout_session_id=obj.id, order_id=_order_id(obj.metadata)
                )
            return SessionPaid(
                checkout_session_id=obj.id,
                payment_intent_id=_required_intent(obj, event_type),
                order_id=_order_id(obj.metadata),
                paid=_paid(obj, event_type),
            )
        case "checkout.session.async_payment_failed" | "checkout.session.expired":
            _expect(obj, "checkout.session", event_type)
            code = "expired" if event_type.endswith("expired") else "async_payment_failed"
            return SessionFailed(
                checkout_session_id=obj.id,
                payment_intent_id=_intent_id(obj),
                failure_code=code,
                order_id=_order_id(obj.metadata),
            )
        case "payment_intent.payment_failed":
            _expect(obj, "payment_intent", event_type)
            error = obj.last_payment_error
            reported = (error.decline_code or error.code) if error is not None else None
            return PaymentIntentFailed(
                payment_intent_id=obj.id,
                failure_code=failure_code(reported),
                order_id=_order_id(obj.metadata),
            )
        case "charge.refunded":
            _expect(obj, "charge", event_type)
            refunds = obj.refunds.data if obj.refunds is not None else []
            latest = max(refunds, key=lambda refund: refund.created, default=None)
            return ChargeRefunded(
                payment_intent_id=_required_intent(obj, event_type),
                refund_id=latest.id if latest is not None else None,
                fully_refunded=bool(obj.refunded),
            )
        case _:
            return Unhandled()


def failure_code(raw: str | None) -> str | None:
    """Stripe's failure code as the contract accepts it (lower-case word), else ``None``."""
    if raw is None:
        return None
    code = raw.strip().lower()
    return code if _FAILURE_CODE.match(code) else None


def _expect(obj: _StripeObject, kind: str, event_type: str) -> None:
    if obj.object != kind:
        raise MalformedStripeEvent(f"{event_type} carries a {obj.object!r}, expected {kind!r}")


def _intent_id(obj: _StripeObject) -> str | None:
    intent = obj.payment_intent
    if isinstance(intent, _Expandable):
        return intent.id
    return intent


def _required_intent(obj: _StripeObject, event_type: str) -> str:
    intent = _intent_id(obj)
    if intent is None or not intent.startswith("pi_"):
        raise MalformedStripeEvent(f"{event_type} for {obj.id} names no payment intent")
    return intent


def _paid(obj: _StripeObject, event_type: str) -> Money:
    if obj.amount_total is None or obj.currency is None:
        raise MalformedStripeEvent(
            f"{event_type} for {obj.id}: data.object.amount_total and currency are required"
        )
    return Money(amount_minor=obj.amount_total, currency=obj.currency.upper())


def _order_id(metadata: dict[str, str] | None) -> uuid.UUID | None:
    raw = (metadata or {}).get(ORDER_ID_METADATA)
    if raw is None:
        return None
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


def _first_problem(error: ValidationError) -> str:
    first: dict[str, Any] = dict(error.errors()[0])
    location = ".".join(str(part) for part in first.get("loc", ())) or "body"
    return f"{location}: {first.get('msg', 'invalid')}"
