"""Stripe's webhook signature (``Stripe-Signature: t=…,v1=HMAC``), checked with the SDK."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import stripe

from jobpeak_billing.application.ports import UnverifiedWebhook


@dataclass(frozen=True)
class StripeWebhookVerifier:
    """Implements :class:`jobpeak_billing.application.ports.WebhookVerifier` for Stripe.

    The SDK checks the HMAC and that the signature's timestamp is at most ``tolerance_seconds``
    old (replay protection); it accepts any timestamp in the future, which a replayed body
    signed in advance would carry, so the timestamp must also be at most ``tolerance_seconds``
    ahead of ``now`` (Stripe's own clock skew stays far below the default 300 s).
    """

    secret: str
    tolerance_seconds: int
    now: Callable[[], float] = field(default=time.time)

    def verify(self, body: bytes, signature: str | None) -> str:
        if not signature:
            raise UnverifiedWebhook("missing Stripe-Signature header")
        try:
            payload = body.decode("utf-8")
            stripe.WebhookSignature.verify_header(
                payload, signature, self.secret, self.tolerance_seconds
            )
        except (UnicodeDecodeError, stripe.SignatureVerificationError) as error:
            raise UnverifiedWebhook(f"Stripe signature not verified: {error}") from None
        if _timestamp(signature) > self.now() + self.tolerance_seconds:
            raise UnverifiedWebhook(
                "Stripe signature not verified: its timestamp is in the future, beyond "
                f"{self.tolerance_seconds} s"
            )
        return payload


def _timestamp(signature: str) -> int:
    """The ``t=`` of a header the SDK has verified, read exactly as the SDK reads it."""
    items = [item.split("=", 2) for item in signature.split(",")]
    return int(next(item[1] for item in items if item[0] == "t"))
