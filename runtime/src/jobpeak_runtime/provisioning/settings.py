"""Settings of ``jobpeak-admin`` (environment variables prefixed ``JOBPEAK_ADMIN_``)."""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from jobpeak_runtime.provisioning.topology import DEFAULT_DLQ_RETENTION_MS, TopicShape, TopicSpec


class ProvisioningSettings(BaseSettings):
    """Where the cluster is, how to authenticate, and the shape every platform topic must have.

    The defaults fit the single-broker development stack; a production cluster sets at least
    ``topic_replication_factor=3`` and ``topic_min_insync_replicas=2``.
    """

    model_config = SettingsConfigDict(env_prefix="JOBPEAK_ADMIN_", extra="ignore", frozen=True)

    kafka_bootstrap: str = "127.0.0.1:19092"
    kafka_security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = Field(
        default=None, description="The admin principal (SASL protocols only)."
    )
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = Field(
        default=None, description="CA bundle for SASL_SSL; unset means the system's."
    )
    kafka_request_timeout_ms: int = Field(default=30_000, ge=1)

    topic_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="Prepended to every topic name (must match the services' topic_prefix).",
    )
    topic_partitions: int = Field(
        default=3, ge=1, description="Partitions per topic: the most replicas a consumer can use."
    )
    topic_replication_factor: int = Field(default=1, ge=1)
    topic_min_insync_replicas: int = Field(default=1, ge=1)
    topic_retention_ms: int | None = Field(
        default=None,
        ge=-1,
        description="retention.ms of the delete-policy event topics; -1 keeps records forever,"
        " unset leaves the broker's default.",
    )
    dlq_retention_ms: int = Field(
        default=DEFAULT_DLQ_RETENTION_MS, ge=-1, description="retention.ms of the .dlq topics."
    )

    @model_validator(mode="after")
    def _sasl_needs_credentials(self) -> Self:
        if self.kafka_security_protocol != "PLAINTEXT" and (
            not self.kafka_sasl_username or self.kafka_sasl_password is None
        ):
            raise ValueError(
                f"kafka_security_protocol {self.kafka_security_protocol} needs "
                "JOBPEAK_ADMIN_KAFKA_SASL_USERNAME and JOBPEAK_ADMIN_KAFKA_SASL_PASSWORD"
            )
        if self.topic_min_insync_replicas > self.topic_replication_factor:
            raise ValueError(
                "topic_min_insync_replicas cannot exceed topic_replication_factor "
                f"({self.topic_min_insync_replicas} > {self.topic_replication_factor})"
            )
        return self

    def topic_shape(self) -> TopicShape:
        return TopicShape(
            partitions=self.topic_partitions,
            replication_factor=self.topic_replication_factor,
            min_insync_replicas=self.topic_min_insync_replicas,
            retention_ms=self.topic_retention_ms,
            dlq_retention_ms=self.dlq_retention_ms,
        )

    def topic_specs(self) -> list[TopicSpec]:
        """Every platform topic as these settings want it."""
        return self.topic_shape().specs(prefix=self.topic_prefix)

    def kafka_client_options(self) -> dict[str, Any]:
        """Keyword arguments for an aiokafka client: bootstrap, timeout and security."""
        options: dict[str, Any] = {
            "bootstrap_servers": self.kafka_bootstrap,
            "request_timeout_ms": self.kafka_request_timeout_ms,
        }
        if self.kafka_security_protocol == "PLAINTEXT":
            return options
        assert self.kafka_sasl_password is not None  # checked by the validator
        options |= {
            "security_protocol": self.kafka_security_protocol,
            "sasl_mechanism": self.kafka_sasl_mechanism,
            "sasl_plain_username": self.kafka_sasl_username,
            "sasl_plain_password": self.kafka_sasl_password.get_secret_value(),
        }
        if self.kafka_security_protocol == "SASL_SSL":
            from aiokafka.helpers import create_ssl_context  # noqa: PLC0415 - TLS only

            options["ssl_context"] = create_ssl_context(cafile=self.kafka_ssl_cafile)
        return options
