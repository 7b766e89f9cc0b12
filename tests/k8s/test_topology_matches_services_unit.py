"""The topology's ACLs follow the services' code: what each one's handlers consume and its group."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from jobpeak_billing.app import build_app as build_billing
from jobpeak_billing.settings import BillingSettings
from jobpeak_catalog.app import build_app as build_catalog
from jobpeak_catalog.settings import CatalogSettings
from jobpeak_contracts.topics import dead_letter_topic_name
from jobpeak_matching.app import build_app as build_matching
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.provisioning.topology import (
    CONSUMES,
    SERVICES,
    ResourceType,
    acl_rules,
    consumer_group,
    reads,
)
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_testing.app import build_app as build_testing
from jobpeak_testing.settings import TestingSettings

pytestmark = pytest.mark.unit

PREFIX = "topo."
COMMON: dict[str, Any] = {
    "database_url": "postgresql+asyncpg://user@127.0.0.1:1/none",
    "jwt_secret": "development-only-jwt-secret-not-for-production",
    "topic_prefix": PREFIX,
}
BUILDERS: dict[
    str, tuple[Callable[..., FastAPI], Callable[..., ServiceSettings], dict[str, Any]]
] = {
    "catalog": (build_catalog, CatalogSettings, {}),
    "testing": (build_testing, TestingSettings, {}),
    "billing": (
        build_billing,
        BillingSettings,
        {"stripe_api_key": "sk_test_topology", "stripe_webhook_secret": "whsec_topology"},
    ),
    "matching": (build_matching, MatchingSettings, {}),
}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_reads_exactly_the_topics_its_handlers_consume(service: str) -> None:
    build, settings_class, extra = BUILDERS[service]
    settings = settings_class(**COMMON, **extra)
    handlers = build(settings).state.runtime.handlers
    consumed = {settings.topic_name(topic) for topic in handlers.topics}

    assert {t.name for t in CONSUMES[service]} == {t.name for t in handlers.topics}
    assert reads(service, acl_rules(prefix=PREFIX)) == consumed | {
        dead_letter_topic_name(name) for name in consumed
    }


@pytest.mark.parametrize("service", SERVICES)
def test_a_consumer_may_join_its_own_consumer_group(service: str) -> None:
    build, settings_class, extra = BUILDERS[service]
    settings = settings_class(**COMMON, **extra)
    groups = {
        rule.resource_name
        for rule in acl_rules(prefix=PREFIX)
        if rule.principal == service and rule.resource_type is ResourceType.GROUP
    }
    has_handlers = bool(len(build(settings).state.runtime.handlers))
    assert settings.consumer_group == consumer_group(service, PREFIX)
    assert groups == ({settings.consumer_group} if has_handlers else set())
