"""The composition root builds without connecting, from settings read from the environment."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES
from jobpeak_testing.adapters.unit_of_work import SqlTestingUnitOfWork
from jobpeak_testing.app import build_app
from jobpeak_testing.application import ports
from jobpeak_testing.settings import TestingSettings

pytestmark = pytest.mark.unit


@pytest.fixture
def settings(monkeypatch: pytest.MonkeyPatch) -> TestingSettings:
    monkeypatch.setenv(
        "JOBPEAK_TESTING_DATABASE_URL", "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    )
    monkeypatch.setenv("JOBPEAK_TESTING_JWT_SECRET", "unit-composition-7c2e9a4f1b6d3e8a")
    monkeypatch.setenv("JOBPEAK_TESTING_TOPIC_PREFIX", "t1.")
    return TestingSettings()


def test_settings_come_from_the_testing_prefix_with_port_8002(settings: TestingSettings) -> None:
    assert settings.http_port == 8002
    assert settings.consumer_group == "t1.testing"
    assert settings.topic_name(CATALOG_SPECIALTIES) == "t1.catalog.specialties.v1"


def test_the_app_consumes_the_catalog_and_payments_and_serves_the_candidate_routes(
    settings: TestingSettings,
) -> None:
    app = build_app(settings)  # connects to nothing: the database URL is unreachable

    consumed = {topic.name for topic in app.state.runtime.handlers.topics}
    assert consumed == {CATALOG_SPECIALTIES.name, CATALOG_QUESTION_BANK.name, "billing.payments.v1"}
    paths = set(app.openapi()["paths"])
    assert {
        "/attempts",
        "/attempts/{attempt_id}",
        "/attempts/{attempt_id}/responses/{question_id}",
        "/attempts/{attempt_id}/submission",
        "/attempts/{attempt_id}/result",
        "/entitlements",
        "/admin/exposure/{specialty_slug}",
    } <= paths


def _property_names(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for name, value in schema.items():
            if name == "properties" and isinstance(value, dict):
                yield from value
            yield from _property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _property_names(value)


def test_only_practice_feedback_has_a_field_for_a_key_or_an_explanation(
    settings: TestingSettings,
) -> None:
    schemas = build_app(settings).openapi()["components"]["schemas"]
    feedback = schemas.pop("ItemFeedbackView")
    names = set(_property_names(schemas))

    assert "question_id" in names  # the walk does reach the item views
    assert names.isdisjoint({"answer", "answer_key", "key", "explanation", "difficulty"})
    assert "correct_response" not in names
    assert set(feedback["properties"]) == {
        "position",
        "question_id",
        "response",
        "correct_response",
        "correct",
        "explanation",
    }
    assert "practice only" in schemas["ResultView"]["properties"]["feedback"]["description"].lower()


def test_the_sql_unit_of_work_is_the_one_the_use_cases_ask_for(settings: TestingSettings) -> None:
    app = build_app(settings)
    uow = app.state.uow_factory()

    assert isinstance(uow, SqlTestingUnitOfWork)
    typed: ports.TestingUnitOfWork = uow  # mypy checks the SQL one against the port
    assert typed is uow
