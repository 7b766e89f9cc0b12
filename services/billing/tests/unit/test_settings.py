"""Billing reads the settings the platform runner sets, and refuses weak secrets in production."""

from __future__ import annotations

import pytest
from jobpeak_billing.settings import BillingSettings

pytestmark = pytest.mark.unit

DATABASE = "postgresql+asyncpg://billing@127.0.0.1:15432/jobpeak_billing"


def test_settings_come_from_the_billing_environment_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in {
        "JOBPEAK_BILLING_DATABASE_URL": DATABASE,
        "JOBPEAK_BILLING_JWT_SECRET": "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ",
        "JOBPEAK_BILLING_STRIPE_API_BASE": "http://127.0.0.1:12111",
        "JOBPEAK_BILLING_STRIPE_API_KEY": "sk_test_jobpeak_local_development",
        "JOBPEAK_BILLING_STRIPE_WEBHOOK_SECRET": "whsec_local",
    }.items():
        monkeypatch.setenv(name, value)
    settings = BillingSettings()
    assert settings.service_name == "billing"
    assert settings.http_port == 8003
    assert settings.stripe_api_base == "http://127.0.0.1:12111"
    assert settings.stripe_api_key.get_secret_value() == "sk_test_jobpeak_local_development"
    assert settings.stripe_webhook_secret.get_secret_value() == "whsec_local"
    assert "whsec_local" not in repr(settings)


def test_production_refuses_a_placeholder_webhook_secret() -> None:
    with pytest.raises(ValueError, match="JOBPEAK_BILLING_STRIPE_WEBHOOK_SECRET"):
        BillingSettings(
            environment="production",
            database_url=DATABASE,
            jwt_secret="k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ",
            stripe_api_key="sk_live_k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ",
            stripe_webhook_secret="whsec_changeme",
        )
