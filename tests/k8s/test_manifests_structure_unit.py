"""The manifests carry the topology, the services' settings and the production shape."""

from __future__ import annotations

from typing import Any

import pytest
from jobpeak_billing.settings import BillingSettings
from jobpeak_catalog.settings import CatalogSettings
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.provisioning.topology import (
    ADMIN_PRINCIPAL,
    CONSUMES,
    PRINCIPALS,
    PRODUCTION_SHAPE,
    SERVICES,
    consumer_group,
)
from jobpeak_testing.settings import TestingSettings
from pydantic_settings import BaseSettings

from tests.k8s.conftest import OVERLAYS, of_kind

pytestmark = pytest.mark.unit

Resources = dict[str, list[dict[str, Any]]]
SETTINGS: dict[str, type[BaseSettings]] = {
    "catalog": CatalogSettings,
    "testing": TestingSettings,
    "billing": BillingSettings,
    "matching": MatchingSettings,
}
SASL_FIELDS = {
    "kafka_security_protocol",
    "kafka_sasl_mechanism",
    "kafka_sasl_username",
    "kafka_sasl_password",
}
"""ServiceSettings' Kafka credentials (added on the cluster branch); the manifests set them."""
PRESTOP_SECONDS = 5
GRACEFUL_SHUTDOWN_SECONDS = 20


def _container(workload: dict[str, Any]) -> dict[str, Any]:
    containers: list[dict[str, Any]] = workload["spec"]["template"]["spec"]["containers"]
    (container,) = containers
    return container


def _config(documents: list[dict[str, Any]], container: dict[str, Any]) -> dict[str, str]:
    (name,) = [e["configMapRef"]["name"] for e in container["envFrom"] if "configMapRef" in e]
    data: dict[str, str] = of_kind(documents, "ConfigMap")[name]["data"]
    return data


def test_the_kafka_cluster_has_three_kraft_nodes_scram_and_acls(resources: Resources) -> None:
    documents = resources["production"]
    (kafka,) = of_kind(documents, "Kafka").values()
    (pool,) = of_kind(documents, "KafkaNodePool").values()
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == kafka["metadata"]["name"]
    assert pool["spec"]["replicas"] == 3
    assert sorted(pool["spec"]["roles"]) == ["broker", "controller"]
    assert kafka["metadata"]["annotations"]["strimzi.io/kraft"] == "enabled"
    spec = kafka["spec"]["kafka"]
    assert [listener["authentication"]["type"] for listener in spec["listeners"]] == [
        "scram-sha-512"
    ]
    assert spec["authorization"]["type"] == "simple"
    assert spec["config"]["auto.create.topics.enable"] is False
    assert spec["config"]["default.replication.factor"] == PRODUCTION_SHAPE.replication_factor
    assert spec["config"]["min.insync.replicas"] == PRODUCTION_SHAPE.min_insync_replicas
    assert kafka["spec"]["entityOperator"].keys() == {"topicOperator", "userOperator"}


def test_topics_and_users_belong_to_the_cluster(resources: Resources) -> None:
    documents = resources["production"]
    (cluster,) = of_kind(documents, "Kafka")
    topics = of_kind(documents, "KafkaTopic").values()
    assert {t["spec"]["topicName"] for t in topics} == {s.name for s in PRODUCTION_SHAPE.specs()}
    users = of_kind(documents, "KafkaUser")
    assert set(users) == {*PRINCIPALS, ADMIN_PRINCIPAL}
    for resource in [*topics, *users.values()]:
        assert resource["metadata"]["labels"]["strimzi.io/cluster"] == cluster
    assert {u["spec"]["authentication"]["type"] for u in users.values()} == {"scram-sha-512"}


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_runs_hardened_probed_and_configured_for_production(
    service: str, resources: Resources
) -> None:
    documents = resources["production"]
    deployment = of_kind(documents, "Deployment")[f"{service}-api"]
    pod = deployment["spec"]["template"]["spec"]
    container = _container(deployment)
    assert container["image"].startswith(f"jobpeak/{service}:")
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert {"cpu", "memory"} <= container["resources"]["limits"].keys()
    env = {e["name"]: e for e in container["env"]}
    assert env["UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN"]["value"] == str(GRACEFUL_SHUTDOWN_SECONDS)
    assert container["lifecycle"]["preStop"]["exec"]["command"] == ["sleep", str(PRESTOP_SECONDS)]
    assert pod["terminationGracePeriodSeconds"] > PRESTOP_SECONDS + GRACEFUL_SHUTDOWN_SECONDS

    prefix = f"JOBPEAK_{service.upper()}_"
    config = _config(documents, container)
    assert config[f"{prefix}ENVIRONMENT"] == "production"
    assert config[f"{prefix}CREATE_TOPICS_ON_STARTUP"] == "false"
    assert config[f"{prefix}MIGRATE_ON_STARTUP"] == "false"
    assert config[f"{prefix}KAFKA_SASL_USERNAME"] == service
    password = env[f"{prefix}KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert password == {"name": service, "key": "password"}, "the KafkaUser's Strimzi Secret"
    known = set(SETTINGS[service].model_fields) | SASL_FIELDS
    unknown = {key for key in config if key.removeprefix(prefix).lower() not in known}
    assert unknown == set(), "ConfigMap keys no settings field reads"


@pytest.mark.parametrize("service", SERVICES)
def test_pdb_service_and_migration_job_target_the_service(
    service: str, resources: Resources
) -> None:
    documents = resources["production"]
    labels = of_kind(documents, "Deployment")[f"{service}-api"]["spec"]["template"]["metadata"][
        "labels"
    ]
    pdb = of_kind(documents, "PodDisruptionBudget")[f"{service}-api"]
    assert pdb["spec"]["minAvailable"] == 1
    assert pdb["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert of_kind(documents, "Service")[f"{service}-api"]["spec"]["selector"].items() <= (
        labels.items()
    )
    job = of_kind(documents, "Job")[f"{service}-migrate"]
    assert _container(job)["args"] == ["migrate"]
    assert job["spec"]["template"]["spec"]["restartPolicy"] == "Never"
    assert (
        _container(job)["envFrom"]
        == _container(of_kind(documents, "Deployment")[f"{service}-api"])["envFrom"]
    )


@pytest.mark.parametrize("service", [s for s in SERVICES if CONSUMES[s]])
def test_keda_scales_each_consumer_on_the_lag_of_what_it_consumes(
    service: str, resources: Resources
) -> None:
    documents = resources["production"]
    scaled = of_kind(documents, "ScaledObject")[f"{service}-api"]["spec"]
    assert scaled["scaleTargetRef"]["name"] in of_kind(documents, "Deployment")
    assert 2 <= scaled["minReplicaCount"] <= scaled["maxReplicaCount"]
    assert scaled["maxReplicaCount"] <= PRODUCTION_SHAPE.partitions
    kafka = [t for t in scaled["triggers"] if t["type"] == "kafka"]
    assert sorted(t["metadata"]["topic"] for t in kafka) == sorted(
        topic.name for topic in CONSUMES[service]
    )
    for trigger in kafka:
        assert trigger["metadata"]["consumerGroup"] == consumer_group(service)
        assert trigger["metadata"]["sasl"] == "scram_sha512"
        auth = of_kind(documents, "TriggerAuthentication")[trigger["authenticationRef"]["name"]]
        (password,) = auth["spec"]["secretTargetRef"]
        assert (password["parameter"], password["name"]) == ("password", service)
        (username,) = auth["spec"]["env"]
        assert username["name"] == f"JOBPEAK_{service.upper()}_KAFKA_SASL_USERNAME"
    assert scaled["fallback"]["replicas"] >= 2
    assert f"{service}-api" not in of_kind(documents, "HorizontalPodAutoscaler")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_service_has_one_autoscaler_bounded_by_partitions_and_no_fixed_replicas(
    overlay: str, resources: Resources
) -> None:
    documents = resources[overlay]
    hpas = of_kind(documents, "HorizontalPodAutoscaler")
    scaled = of_kind(documents, "ScaledObject")
    for service in SERVICES:
        name = f"{service}-api"
        assert (name in hpas) != (name in scaled), name
        if name in hpas:
            assert hpas[name]["spec"]["scaleTargetRef"]["name"] == name
            assert hpas[name]["spec"]["maxReplicas"] <= PRODUCTION_SHAPE.partitions
        assert "replicas" not in of_kind(documents, "Deployment")[name]["spec"]
