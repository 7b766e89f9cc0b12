"""docs/deploy.md's settings tables are generated from the settings classes and up to date."""

from __future__ import annotations

import pytest
from jobpeak_runtime.provisioning.settings_doc import update_settings_tables
from jobpeak_runtime.provisioning.topology import ADMIN_PRINCIPAL, PRINCIPALS

from tests.k8s.conftest import REPO

pytestmark = pytest.mark.unit

DOC = REPO / "docs" / "deploy.md"


def test_the_settings_tables_are_up_to_date() -> None:
    current = DOC.read_text()
    assert update_settings_tables(current) == current, (
        "docs/deploy.md's settings tables are stale: run `make k8s-generate`"
    )


def test_every_service_and_the_admin_command_have_a_table() -> None:
    text = DOC.read_text()
    for target in (
        "jobpeak_catalog.settings:CatalogSettings",
        "jobpeak_testing.settings:TestingSettings",
        "jobpeak_billing.settings:BillingSettings",
        "jobpeak_matching.settings:MatchingSettings",
        "jobpeak_runtime.provisioning.settings:ProvisioningSettings",
    ):
        assert f"<!-- settings-table: {target} -->" in text
    assert "`JOBPEAK_BILLING_STRIPE_API_KEY` | secret | **required**" in text
    assert "`JOBPEAK_ADMIN_KAFKA_SASL_PASSWORD`" in text
    for principal in (*PRINCIPALS, ADMIN_PRINCIPAL):
        assert f"| {principal} |" in text
