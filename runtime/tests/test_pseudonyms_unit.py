"""Whatever the identity provider puts in ``sub``, services see only a keyed, UUID-shaped id."""

from __future__ import annotations

import re
import uuid

import pytest
from jobpeak_contracts.identifiers import CandidateId
from jobpeak_runtime.auth import Role, TokenIssuer, TokenVerifier
from jobpeak_runtime.pseudonyms import (
    DEVELOPMENT_KEY,
    PSEUDONYMOUS_ID_PATTERN,
    Pseudonyms,
    candidate_id_for,
)
from jobpeak_runtime.settings import ServiceSettings
from pydantic import TypeAdapter, ValidationError

pytestmark = pytest.mark.unit

KEY = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"
DB = "postgresql+asyncpg://postgres@127.0.0.1:15432/unused"
SUBJECTS = [
    "Jane-Doe",
    "jane_doe",
    "jane.doe@example.org",
    "Ada Lovelace",
    "+44 20 7946 0958",
    str(uuid.UUID("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d")),
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_id_of_any_subject_is_a_version_8_uuid_that_does_not_contain_it(subject: str) -> None:
    derived = Pseudonyms(key=KEY.encode()).id_of(subject)
    assert re.fullmatch(PSEUDONYMOUS_ID_PATTERN, derived)
    assert uuid.UUID(derived).version == 8
    assert subject.lower() not in derived
    for part in re.split(r"[^A-Za-z0-9]+", subject.lower()):
        assert len(part) < 4 or part not in derived
    TypeAdapter(CandidateId).validate_python(derived)


def test_the_same_subject_gets_the_same_id_and_another_key_another_id() -> None:
    ours, theirs = Pseudonyms(key=KEY.encode()), Pseudonyms(key=DEVELOPMENT_KEY)
    assert ours.id_of("Jane-Doe") == ours.id_of("Jane-Doe")
    assert ours.id_of("Jane-Doe") != ours.id_of("jane-doe")
    assert ours.id_of("Jane-Doe") != theirs.id_of("Jane-Doe")


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_verifier_hands_routes_the_pseudonymous_id_never_the_subject(subject: str) -> None:
    settings = ServiceSettings(
        service_name="pseudonyms", environment="test", database_url=DB, jwt_secret=KEY
    )
    token = TokenIssuer.from_settings(settings).issue(subject=subject, role=Role.CANDIDATE)
    principal = TokenVerifier.from_settings(settings).verify(token)
    assert principal.subject == candidate_id_for(subject, settings=settings)
    assert principal.subject != subject


def test_production_requires_a_candidate_id_secret() -> None:
    with pytest.raises(ValidationError, match="JOBPEAK_CANDIDATE_ID_SECRET"):
        ServiceSettings(
            service_name="pseudonyms", environment="production", database_url=DB, jwt_secret=KEY
        )
    settings = ServiceSettings(
        service_name="pseudonyms",
        environment="production",
        database_url=DB,
        jwt_secret=KEY,
        candidate_id_secret="Zq8vN2rT5wY1bE4hK7mP0sU3xA6dG9jL",
    )
    assert Pseudonyms.from_settings(settings).key != DEVELOPMENT_KEY
