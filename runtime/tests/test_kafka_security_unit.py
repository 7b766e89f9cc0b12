from __future__ import annotations

import pytest
from faststream.security import SASLScram512
from jobpeak_runtime.kafka_security import faststream_security, kafka_client_options
from jobpeak_runtime.settings import ServiceSettings

pytestmark = pytest.mark.unit

DB = "postgresql+asyncpg://postgres@127.0.0.1:5432/x"
SECRET = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"


def _settings(**values: object) -> ServiceSettings:
    return ServiceSettings.model_validate(
        {"service_name": "billing", "database_url": DB, "jwt_secret": SECRET, **values}
    )


def test_plaintext_adds_no_client_options() -> None:
    settings = _settings()
    assert kafka_client_options(settings) == {}
    assert faststream_security(settings) is None


def test_sasl_gives_every_client_the_service_principal() -> None:
    settings = _settings(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="billing",
        kafka_sasl_password="p" * 40,
    )
    assert kafka_client_options(settings) == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "billing",
        "sasl_plain_password": "p" * 40,
    }
    security = faststream_security(settings)
    assert isinstance(security, SASLScram512)
    assert (security.username, security.use_ssl) == ("billing", False)


def test_sasl_without_credentials_is_refused_naming_the_settings() -> None:
    settings = _settings(kafka_security_protocol="SASL_PLAINTEXT")
    with pytest.raises(ValueError, match="kafka_sasl_username"):
        kafka_client_options(settings)
