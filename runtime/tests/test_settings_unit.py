from __future__ import annotations

import base64
import random

import pytest
from jobpeak_contracts.topics import TESTING_ATTEMPTS
from jobpeak_runtime.secret_strength import placeholder_reason
from jobpeak_runtime.settings import ServiceSettings
from pydantic import SecretStr, ValidationError
from pydantic_settings import SettingsConfigDict

pytestmark = pytest.mark.unit

STRONG = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"
DB = "postgresql+asyncpg://catalog:Zq8vN3xW7pL2mK9rT4yB6cJ1hF5dG0sA@db:5432/catalog"


class CatalogSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="JOBPEAK_CATALOG_", extra="ignore", frozen=True)
    service_name: str = "catalog"
    bank_signing_key: SecretStr | None = None


def test_production_refuses_a_placeholder_jwt_secret_naming_the_field_and_variable() -> None:
    with pytest.raises(ValidationError) as refused:
        CatalogSettings(environment="production", database_url=DB, jwt_secret="changeme" * 5)
    message = str(refused.value)
    assert "jwt_secret" in message
    assert "JOBPEAK_CATALOG_JWT_SECRET" in message
    assert "placeholder" in message


@pytest.mark.parametrize(
    "secret",
    ["TODO: put the real signing key here 0123456789", "xxx-replace-with-the-real-key-0123456789"],
)
def test_a_short_placeholder_word_is_refused_when_it_stands_as_a_word(secret: str) -> None:
    assert placeholder_reason(secret) == (
        f"looks like a placeholder (contains the word {secret[:4].lower().rstrip(':-')!r})"
    )


def test_random_keys_are_never_taken_for_placeholders() -> None:
    """Random url-safe keys like the cluster's hold "xxx" or "todo" inside about one time in 800."""
    draw = random.Random(20261204)
    keys = [
        base64.urlsafe_b64encode(draw.randbytes(32)).decode().rstrip("=") for _ in range(20_000)
    ]
    assert any("xxx" in key.lower() or "todo" in key.lower() for key in keys)
    assert [key for key in keys if placeholder_reason(key) is not None] == []


def test_production_refuses_a_short_secret_declared_by_the_service() -> None:
    with pytest.raises(ValidationError, match="bank_signing_key"):
        CatalogSettings(
            environment="production", database_url=DB, jwt_secret=STRONG, bank_signing_key="abc"
        )


def test_production_refuses_a_weak_database_password() -> None:
    weak = "postgresql+asyncpg://catalog:password@db:5432/catalog"
    with pytest.raises(ValidationError, match="database_url"):
        CatalogSettings(environment="production", database_url=weak, jwt_secret=STRONG)


def test_production_accepts_strong_secrets() -> None:
    settings = CatalogSettings(
        environment="production",
        database_url=DB,
        jwt_secret=STRONG,
        candidate_id_secret="Zq8vN2rT5wY1bE4hK7mP0sU3xA6dG9jL",
    )
    assert settings.jwt_secret is not None
    assert settings.jwt_secret.get_secret_value() == STRONG


def test_development_accepts_a_weak_secret() -> None:
    settings = CatalogSettings(database_url=DB, jwt_secret="dev")
    assert settings.environment == "development"


def test_a_jwt_secret_is_required_for_hmac_algorithms() -> None:
    with pytest.raises(ValidationError, match="jwt_secret"):
        CatalogSettings(database_url=DB)


def test_settings_are_read_from_the_service_prefixed_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("JOBPEAK_CATALOG_DATABASE_URL", DB)
    monkeypatch.setenv("JOBPEAK_CATALOG_JWT_SECRET", STRONG)
    monkeypatch.setenv("JOBPEAK_CATALOG_TOPIC_PREFIX", "t1.")
    settings = CatalogSettings()
    assert settings.topic_name(TESTING_ATTEMPTS) == "t1.testing.attempts.v1"
    assert settings.consumer_group == "t1.catalog"


def test_database_url_must_use_asyncpg() -> None:
    with pytest.raises(ValidationError, match=r"postgresql\+asyncpg"):
        CatalogSettings(database_url="postgresql://u@h/db", jwt_secret=STRONG)


@pytest.mark.parametrize("algorithms", [("none",), ("HS256", "RS256"), ()])
def test_algorithm_allow_list_refuses_none_mixtures_and_empty(algorithms: tuple[str, ...]) -> None:
    with pytest.raises(ValidationError, match="jwt_algorithms"):
        CatalogSettings(database_url=DB, jwt_secret=STRONG, jwt_algorithms=algorithms)


def test_public_key_algorithms_need_a_public_key() -> None:
    with pytest.raises(ValidationError, match="jwt_public_key"):
        CatalogSettings(database_url=DB, jwt_algorithms=("RS256",))
