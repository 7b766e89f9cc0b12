"""How every Kafka client of a service authenticates: one place turns settings into options.

With ``kafka_security_protocol=PLAINTEXT`` (development, the local stack) nothing is added. With
``SASL_PLAINTEXT`` or ``SASL_SSL`` the service presents its own principal (SCRAM by default), as
the production-shaped cluster and Strimzi's ``KafkaUser`` resources expect.
"""

from __future__ import annotations

from typing import Any

from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512

from jobpeak_runtime.settings import ServiceSettings

_FASTSTREAM_SASL = {
    "SCRAM-SHA-512": SASLScram512,
    "SCRAM-SHA-256": SASLScram256,
    "PLAIN": SASLPlaintext,
}


def _credentials(settings: ServiceSettings) -> tuple[str, str]:
    if settings.kafka_sasl_username is None or settings.kafka_sasl_password is None:
        raise ValueError("kafka_sasl_username and kafka_sasl_password are required with SASL")
    return settings.kafka_sasl_username, settings.kafka_sasl_password.get_secret_value()


def kafka_client_options(settings: ServiceSettings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client (producer, consumer, admin, plain client)."""
    if settings.kafka_security_protocol == "PLAINTEXT":
        return {}
    username, password = _credentials(settings)
    options: dict[str, Any] = {
        "security_protocol": settings.kafka_security_protocol,
        "sasl_mechanism": settings.kafka_sasl_mechanism,
        "sasl_plain_username": username,
        "sasl_plain_password": password,
    }
    if settings.kafka_security_protocol == "SASL_SSL":
        from aiokafka.helpers import create_ssl_context  # noqa: PLC0415 - only with TLS

        options["ssl_context"] = create_ssl_context()
    return options


def faststream_security(settings: ServiceSettings) -> BaseSecurity | None:
    """The same credentials for FastStream's ``KafkaBroker(security=…)``."""
    if settings.kafka_security_protocol == "PLAINTEXT":
        return None
    username, password = _credentials(settings)
    security_class = _FASTSTREAM_SASL[settings.kafka_sasl_mechanism]
    return security_class(
        username=username,
        password=password,
        use_ssl=settings.kafka_security_protocol == "SASL_SSL",
    )
