"""The billing service's settings (environment variables prefixed ``JOBPEAK_BILLING_``)."""

from __future__ import annotations

from jobpeak_runtime.periodic import interval_setting
from jobpeak_runtime.settings import ServiceSettings
from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict


class BillingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="JOBPEAK_BILLING_", extra="ignore", frozen=True)

    service_name: str = "billing"
    http_port: int = Field(default=8003, ge=0, le=65535)

    stripe_api_base: str | None = Field(
        default=None,
        description=(
            "Base URL of the Stripe API; stripe-mock in development and tests. "
            "Unset means the SDK's own default (production)."
        ),
    )
    stripe_api_key: SecretStr = Field(description="Stripe secret API key (sk_…).")
    stripe_webhook_secret: SecretStr = Field(
        description="Signing secret of the webhook endpoint (whsec_…)."
    )
    stripe_timeout_seconds: float = Field(
        default=10.0, gt=0, description="Per-request timeout of Stripe API calls."
    )
    stripe_max_network_retries: int = Field(
        default=2,
        ge=0,
        description="SDK retries of a failed call; safe because every create is idempotent.",
    )
    stripe_webhook_tolerance_seconds: int = Field(
        default=300,
        ge=1,
        description=(
            "Largest accepted distance, past or future, between a webhook signature's "
            "timestamp and now (replay protection)."
        ),
    )
    http_body_limits: dict[str, int] = Field(
        default_factory=lambda: {"/webhooks/stripe": 65_536},
        description=(
            "Largest body per path pattern; Stripe's events are a few KiB, so the unauthenticated "
            "webhook refuses anything beyond 64 KiB before buffering it."
        ),
    )
    checkout_success_url: str = Field(
        default="http://localhost:3000/checkout/success?session_id={CHECKOUT_SESSION_ID}",
        description="Where Stripe sends the candidate after paying.",
    )
    checkout_cancel_url: str = Field(
        default="http://localhost:3000/checkout/cancelled",
        description="Where Stripe sends the candidate who abandons the checkout.",
    )
    reconcile_interval_seconds: float = interval_setting(
        300.0, task="Period of the in-process reconciliation task"
    )
    reconcile_batch_size: int = Field(
        default=200, ge=1, description="Most orders one reconciliation pass looks up."
    )
