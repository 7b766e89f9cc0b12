"""Service settings: one pydantic-settings base class every service extends.

Each service subclasses :class:`ServiceSettings` with its own ``env_prefix`` (for example
``JOBPEAK_CATALOG_``) and its own fields. Every ``SecretStr`` field, the service's included, is
checked the same way: outside development and test a missing, short or placeholder secret is
refused with an error naming the field and its environment variable.
"""

from __future__ import annotations

from typing import Literal, Self

from jobpeak_contracts.topics import Topic
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from jobpeak_runtime.provisioning.topology import DEFAULT_DLQ_RETENTION_MS
from jobpeak_runtime.rate_limit_rules import parse_limits, route_rule
from jobpeak_runtime.secret_strength import placeholder_reason

Environment = Literal["development", "test", "production"]

_SYMMETRIC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
_ASYMMETRIC_ALGORITHMS = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)


class InsecureSettingError(ValueError):
    """A secret is missing, weak or a placeholder where the environment forbids it."""


class ServiceSettings(BaseSettings):
    """What every Jobpeak service needs; subclass it and set ``env_prefix``."""

    model_config = SettingsConfigDict(env_prefix="JOBPEAK_", extra="ignore", frozen=True)

    service_name: str = Field(min_length=1, pattern=r"^[a-z][a-z0-9-]*$")
    environment: Environment = "development"
    database_url: str = Field(
        description="SQLAlchemy URL of this service's own database, postgresql+asyncpg://…"
    )
    kafka_bootstrap: str = "127.0.0.1:19092"
    topic_prefix: str = Field(
        default="",
        pattern=r"^[A-Za-z0-9._-]*$",
        description="Prepended to every topic name and consumer group (test isolation).",
    )
    kafka_topic_partitions: int = Field(default=3, ge=1)
    kafka_replication_factor: int = Field(default=1, ge=1)
    kafka_dlq_retention_ms: int = Field(
        default=DEFAULT_DLQ_RETENTION_MS,
        ge=-1,
        description="retention.ms of the .dlq topics start-up creates (-1: forever); in"
        " production jobpeak-admin's JOBPEAK_ADMIN_DLQ_RETENTION_MS decides.",
    )
    kafka_security_protocol: Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN"] = "SCRAM-SHA-512"
    kafka_sasl_username: str | None = Field(
        default=None, description="This service's Kafka principal (SASL protocols only)."
    )
    kafka_sasl_password: SecretStr | None = None

    http_host: str = "127.0.0.1"
    http_port: int = Field(default=8000, ge=0, le=65535)

    database_statement_timeout_seconds: float = Field(
        default=30.0, ge=0, description="PostgreSQL statement_timeout of every session (0: none)."
    )
    database_lock_timeout_seconds: float = Field(
        default=5.0, ge=0, description="PostgreSQL lock_timeout of every session (0: none)."
    )
    database_idle_in_transaction_timeout_seconds: float = Field(
        default=60.0,
        ge=0,
        description="A session idle inside a transaction this long is ended, its locks freed.",
    )
    database_keepalive_idle_seconds: int = Field(
        default=30, ge=1, description="TCP keepalive idle time on database connections."
    )
    http_max_body_bytes: int = Field(
        default=1_048_576, ge=1, description="Largest request body (413 beyond), unless below."
    )
    http_body_limits: dict[str, int] = Field(
        default_factory=dict,
        description="Largest body per path pattern ('*' is one segment; longest match wins).",
    )

    rate_limits_enabled: bool = Field(
        default=True, description="Rate-limit callers (429 + Retry-After); off only in tests."
    )
    rate_limit_reads: str = Field(
        default="600/minute",
        description="GET/HEAD requests per caller (token subject, else client address).",
    )
    rate_limit_creates: str = Field(
        default="120/minute;1200/hour",
        description="POST requests per caller (token subject, else client address).",
    )
    rate_limit_updates: str = Field(
        default="600/minute",
        description="PUT/PATCH/DELETE requests per caller (answers: token subject, else address).",
    )
    rate_limit_webhooks: str = Field(
        default="300/minute",
        description="Requests to the unauthenticated webhook paths per client address.",
    )
    rate_limit_webhook_paths: tuple[str, ...] = Field(
        default=("/webhooks/*",),
        description="Unauthenticated paths limited per client address ('*' is one segment).",
    )
    rate_limit_routes: dict[str, str] = Field(
        default_factory=dict,
        description="Extra limits of single routes per caller, on top of their class:"
        " {'POST /checkout': '10/minute'}.",
    )

    jwt_issuer: str = "jobpeak"
    jwt_audience: str = "jobpeak"
    jwt_algorithms: tuple[str, ...] = ("HS256",)
    jwt_secret: SecretStr | None = Field(
        default=None, description="Shared key for HS* algorithms (also signs dev tokens)."
    )
    jwt_public_key: str | None = Field(
        default=None, description="PEM public key for RS*/PS*/ES*/EdDSA algorithms."
    )
    jwt_max_lifetime_seconds: int = Field(
        default=86_400,
        ge=60,
        description="Longest a token may still be valid for: one expiring later is refused (401),"
        " so a leaked long-lived token cannot serve for years.",
    )
    candidate_id_secret: SecretStr | None = Field(
        default=None,
        description="Key deriving pseudonymous user ids from token subjects; the same in every"
        " service. Required outside development and test.",
    )

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    log_json: bool | None = Field(
        default=None, description="JSON logs; by default JSON unless stderr is a terminal."
    )

    outbox_batch_size: int = Field(default=500, ge=1)
    outbox_poll_interval_seconds: float = Field(default=1.0, gt=0)
    outbox_retention_seconds: float = Field(default=86_400.0, ge=0)
    outbox_lease_seconds: float = Field(
        default=5.0,
        ge=0.3,
        description="The relay leader's lease: a frozen or cut-off leader loses leadership this"
        " long after its last renewal, and another replica publishes.",
    )
    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_retry_backoff_seconds: float = Field(default=0.2, ge=0)
    consumer_retry_backoff_max_seconds: float = Field(default=10.0, ge=0)
    consumer_commit_interval_seconds: float = Field(default=1.0, gt=0)
    consumer_instance_id: str | None = Field(
        default=None,
        description="Static group membership (e.g. the pod name): a restarted process takes its"
        " partitions back at once instead of waiting for the group to time the old one out.",
    )
    consumer_batch_size: int = Field(
        default=200, ge=1, description="Most records handled in one transaction."
    )
    migrate_on_startup: bool = Field(
        default=True, description="Upgrade the database to the latest schema before serving."
    )
    create_topics_on_startup: bool | None = Field(
        default=None,
        description="Create missing topics before serving; unset means on in development and"
        " test, off in production (topics are provisioned by `jobpeak-admin topics apply`).",
    )

    @field_validator("database_url")
    @classmethod
    def _database_url_is_async_postgres(cls, value: str) -> str:
        try:
            url = make_url(value)
        except Exception as error:
            raise ValueError(f"database_url is not a SQLAlchemy URL: {error}") from None
        if url.drivername != "postgresql+asyncpg":
            raise ValueError(
                "database_url must use the postgresql+asyncpg driver, "
                f"got {url.drivername!r} (postgresql+asyncpg://user@host:port/db)"
            )
        return value

    @field_validator(
        "rate_limit_reads", "rate_limit_creates", "rate_limit_updates", "rate_limit_webhooks"
    )
    @classmethod
    def _rate_limit_parses(cls, value: str) -> str:
        parse_limits(value)
        return value

    @field_validator("rate_limit_routes")
    @classmethod
    def _route_limits_parse(cls, value: dict[str, str]) -> dict[str, str]:
        for route, limits in value.items():
            route_rule(route, limits)
        return value

    @field_validator("jwt_algorithms")
    @classmethod
    def _known_algorithms(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("jwt_algorithms must allow at least one algorithm")
        unknown = set(value) - _SYMMETRIC_ALGORITHMS - _ASYMMETRIC_ALGORITHMS
        if unknown:
            raise ValueError(
                f"jwt_algorithms has unsupported entries {sorted(unknown)} "
                "('none' is never allowed)"
            )
        if set(value) & _SYMMETRIC_ALGORITHMS and set(value) & _ASYMMETRIC_ALGORITHMS:
            raise ValueError("jwt_algorithms must not mix HS* with public-key algorithms")
        return value

    @model_validator(mode="after")
    def _secrets_fit_the_environment(self) -> Self:
        symmetric = bool(set(self.jwt_algorithms) & _SYMMETRIC_ALGORITHMS)
        if symmetric and self.jwt_secret is None:
            raise InsecureSettingError(
                self._field_message("jwt_secret", "is required for HS* algorithms")
            )
        if not symmetric and not self.jwt_public_key:
            raise InsecureSettingError(
                self._field_message("jwt_public_key", "is required for public-key algorithms")
            )
        if self.is_development_like:
            return self
        for name, value in self:
            if isinstance(value, SecretStr):
                reason = placeholder_reason(value.get_secret_value())
                if reason is not None:
                    raise InsecureSettingError(self._field_message(name, reason))
        password = make_url(self.database_url).password
        if password is not None and placeholder_reason(str(password)) is not None:
            raise InsecureSettingError(
                self._field_message("database_url", "carries a weak or placeholder password")
            )
        if self.candidate_id_secret is None:
            raise InsecureSettingError(
                self._field_message("candidate_id_secret", "is required (it derives user ids)")
            )
        return self

    def _field_message(self, name: str, problem: str) -> str:
        env_name = f"{self.model_config.get('env_prefix', '')}{name}".upper()
        return f"{name} ({env_name}) {problem} in environment {self.environment!r}"

    @property
    def is_development_like(self) -> bool:
        return self.environment in ("development", "test")

    @property
    def creates_topics_on_startup(self) -> bool:
        """Whether start-up creates missing topics (``create_topics_on_startup`` resolved)."""
        if self.create_topics_on_startup is None:
            return self.is_development_like
        return self.create_topics_on_startup

    def topic_name(self, topic: Topic | str) -> str:
        """The broker-side name of ``topic`` once this deployment's prefix is applied."""
        name = topic.name if isinstance(topic, Topic) else topic
        return f"{self.topic_prefix}{name}"

    @property
    def consumer_group(self) -> str:
        """This service's Kafka consumer group (prefixed like topics)."""
        return f"{self.topic_prefix}{self.service_name}"
