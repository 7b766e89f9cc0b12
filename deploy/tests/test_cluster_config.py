"""What ``make cluster-up`` and ``make images`` generate, checked without an engine."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import yaml
from jobpeak_devstack.cluster_config import (
    ClusterSecrets,
    acl_commands,
    service_environment,
    topic_admin_environment,
    write_state,
)
from jobpeak_devstack.service_images import fill_service_context
from jobpeak_runtime.provisioning.settings import ProvisioningSettings
from jobpeak_runtime.provisioning.topology import (
    ADMIN_PRINCIPAL,
    PRINCIPALS,
    acl_rules,
    topic_specs,
)
from jobpeak_runtime.secret_strength import placeholder_reason

pytestmark = pytest.mark.unit

DEPLOY = Path(__file__).resolve().parents[1]


def _rules_in(commands: list[list[str]]) -> set[tuple[str, str, str, str]]:
    """(principal, operation, option, resource) for every binding the commands add."""
    added = set()
    for command in commands:
        principal = command[command.index("--allow-principal") + 1].removeprefix("User:")
        operation = command[command.index("--operation") + 1]
        for position, word in enumerate(command):
            if word in ("--topic", "--group"):
                added.add((principal, operation, word, command[position + 1]))
    return added


def test_the_acl_commands_add_exactly_the_topology_rules() -> None:
    rules = acl_rules()
    expected = {
        (
            rule.principal,
            rule.operation.value.title().replace("_", ""),
            f"--{rule.resource_type.value.lower()}",
            rule.resource_name,
        )
        for rule in rules
    }
    assert _rules_in(acl_commands(rules)) == expected
    assert len(acl_commands(rules)) < len(rules)  # grouped: one JVM per group, not per rule


def test_the_topics_job_provisions_the_production_shape_as_the_topic_admin(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name, value in topic_admin_environment("s3cret-for-the-test").items():
        monkeypatch.setenv(name, value)
    settings = ProvisioningSettings()
    assert settings.kafka_sasl_username == ADMIN_PRINCIPAL
    specs = settings.topic_specs()
    assert {spec.name for spec in specs} == {
        spec.name
        for spec in topic_specs(
            partitions=3, replication_factor=3, min_insync_replicas=2, retention_ms=604800000
        )
    }
    assert {spec.replication_factor for spec in specs} == {3}
    assert {spec.min_insync_replicas for spec in specs} == {2}


def test_state_holds_strong_secrets_for_every_principal_and_no_placeholder(
    tmp_path: Path,
) -> None:
    cluster = write_state(tmp_path)
    assert set(PRINCIPALS) <= set(cluster.kafka)
    every_secret = [
        *cluster.kafka.values(),
        *cluster.postgres.values(),
        cluster.jwt_secret,
        cluster.stripe_api_key,
        cluster.stripe_webhook_secret,
    ]
    assert all(placeholder_reason(secret) is None for secret in every_secret)
    assert cluster.stripe_api_key.removeprefix("sk_test_").isalnum()  # stripe-mock checks
    assert len(set(every_secret)) == len(every_secret)
    assert (tmp_path / "secrets.json").stat().st_mode & 0o077 == 0
    assert write_state(tmp_path) == cluster  # kept for the cluster's life
    billing = (tmp_path / "billing.env").read_text()
    assert "JOBPEAK_BILLING_KAFKA_SASL_USERNAME=billing\n" in billing
    assert "JOBPEAK_BILLING_ENVIRONMENT=production\n" in billing
    kafka = dict(line.split("=", 1) for line in (tmp_path / "kafka.env").read_text().splitlines())
    users = dict(user.split("=", 1) for user in shlex.split(kafka["KAFKA_SCRAM_USERS"]))
    assert users["analyst"] == cluster.kafka["analyst"]
    assert json.loads((tmp_path / "secrets.json").read_text())["jwt_secret"] == cluster.jwt_secret


def test_each_service_gets_its_own_principal_and_database() -> None:
    cluster = ClusterSecrets.generate()
    testing = service_environment("testing", cluster)
    assert testing["JOBPEAK_TESTING_KAFKA_SASL_PASSWORD"] == cluster.kafka["testing"]
    assert testing["JOBPEAK_TESTING_DATABASE_URL"].endswith("@postgres:5432/jobpeak_testing")
    assert testing["JOBPEAK_TESTING_MIGRATE_ON_STARTUP"] == "false"
    assert not any(name.startswith("JOBPEAK_TESTING_STRIPE") for name in testing)


def test_a_service_build_context_holds_only_that_service_and_its_dependencies(
    tmp_path: Path,
) -> None:
    fill_service_context(tmp_path, "matching")
    sources = tmp_path / "sources"
    assert (sources / "services" / "matching" / "pyproject.toml").exists()
    assert (sources / "runtime" / "src" / "jobpeak_runtime" / "service.py").exists()
    assert not (sources / "services" / "testing").exists()
    assert not list(sources.rglob("tests"))
    assert (tmp_path / "manifests" / "services" / "testing" / "pyproject.toml").exists()
    assert (tmp_path / "manifests" / "uv.lock").exists()
    assert (sources / "image" / "entrypoint").stat().st_mode & 0o111


def test_the_seed_job_imports_the_coding_seed_the_catalog_image_ships() -> None:
    compose = yaml.safe_load((DEPLOY / "cluster" / "docker-compose.yml").read_text())
    directory = compose["services"]["seed-catalog"]["command"][1]
    site_packages = "/opt/venv/lib/python3.11/site-packages/"
    assert directory.startswith(site_packages)
    source = DEPLOY.parent / "services" / "catalog" / "src" / directory.removeprefix(site_packages)
    assert (source / "specialty.yaml").is_file()
