"""Stripe's webhook signature (``Stripe-Signature: t=…,v1=HMAC``), checked with the SDK."""

from __future__ import annotations

from dataclasses import dataclass

import stripe

from jobpeak_billing.application.ports import UnverifiedWebhook


@dataclass(frozen=True)
class StripeWebhookVerifier:
    """Implements :class:`jobpeak_billing.application.ports.WebhookVerifier` for Stripe.

    ``tolerance_seconds`` is the oldest accepted age of the signature's timestamp (replay
    protection).
    """

    secret: str
    tolerance_seconds: int

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
        return payload
