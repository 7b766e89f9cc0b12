from __future__ import annotations

from typing import Any

import pytest
import yaml
from jobpeak_contracts.topics import BILLING_PAYMENTS, CATALOG_QUESTION_BANK
from jobpeak_runtime.provisioning.cli import topic_env
from jobpeak_runtime.provisioning.settings import ProvisioningSettings
from jobpeak_runtime.provisioning.settings_doc import load_settings_class, update_settings_tables
from jobpeak_runtime.provisioning.strimzi import (
    kubernetes_name,
    pascal_case,
    render_kafka_acls,
    render_strimzi,
)
from jobpeak_runtime.provisioning.topics import ObservedTopic, TopicProblem, differences
from jobpeak_runtime.provisioning.topology import PRODUCTION_SHAPE, topic_specs
from jobpeak_runtime.settings import Environment, ServiceSettings
from pydantic import ValidationError

pytestmark = pytest.mark.unit

SPEC = next(
    spec
    for spec in topic_specs(
        partitions=6,
        replication_factor=3,
        min_insync_replicas=2,
        retention_ms=1000,
        dlq_retention_ms=2000,
    )
    if spec.name == BILLING_PAYMENTS.name
)


def test_a_matching_topic_has_no_differences() -> None:
    observed = ObservedTopic(
        partitions=6,
        replication_factors=frozenset({3}),
        configs={
            "cleanup.policy": "delete",
            "min.insync.replicas": "2",
            "retention.ms": "1000",
            "x": "y",
        },
    )
    assert differences(SPEC, observed) == []


def test_each_differing_setting_is_named_with_both_values() -> None:
    observed = ObservedTopic(
        partitions=3,
        replication_factors=frozenset({1, 3}),
        configs={"cleanup.policy": "compact", "min.insync.replicas": "1"},
    )
    assert [str(problem) for problem in differences(SPEC, observed)] == [
        f"{SPEC.name}: partitions is 3, expected 6",
        f"{SPEC.name}: replication factor is 1,3, expected 3",
        f"{SPEC.name}: cleanup.policy is compact, expected delete",
        f"{SPEC.name}: min.insync.replicas is 1, expected 2",
        f"{SPEC.name}: retention.ms is <unset>, expected 1000",
    ]
    assert isinstance(differences(SPEC, observed)[0], TopicProblem)


def test_sasl_without_credentials_is_refused_naming_the_variables() -> None:
    with pytest.raises(ValidationError, match="JOBPEAK_ADMIN_KAFKA_SASL_USERNAME"):
        ProvisioningSettings(kafka_security_protocol="SASL_PLAINTEXT")


def test_sasl_credentials_reach_the_client_options() -> None:
    settings = ProvisioningSettings(
        kafka_bootstrap="kafka:9092",
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="jobpeak-admin",
        kafka_sasl_password="s3cret-value",
    )
    options = settings.kafka_client_options()
    assert options["bootstrap_servers"] == "kafka:9092"
    assert options["security_protocol"] == "SASL_PLAINTEXT"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "jobpeak-admin"
    assert options["sasl_plain_password"] == "s3cret-value"
    assert "s3cret-value" not in repr(settings)


def test_plaintext_options_carry_no_credentials() -> None:
    assert set(ProvisioningSettings().kafka_client_options()) == {
        "bootstrap_servers",
        "request_timeout_ms",
    }


def test_min_insync_above_replication_is_refused() -> None:
    with pytest.raises(ValidationError, match="topic_min_insync_replicas"):
        ProvisioningSettings(topic_replication_factor=1, topic_min_insync_replicas=2)


def test_topic_env_configures_the_production_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    for line in topic_env().splitlines():
        name, value = line.split("=", 1)
        monkeypatch.setenv(name, value)
    assert ProvisioningSettings().topic_specs() == PRODUCTION_SHAPE.specs()


def test_strimzi_resources_carry_the_topology() -> None:
    documents: list[dict[str, Any]] = list(yaml.safe_load_all(render_strimzi(prefix="p.")))
    topics = {d["spec"]["topicName"]: d for d in documents if d["kind"] == "KafkaTopic"}
    bank = topics[f"p.{CATALOG_QUESTION_BANK.name}"]
    assert bank["metadata"]["name"] == f"p.{CATALOG_QUESTION_BANK.name}"
    assert bank["spec"]["partitions"] == PRODUCTION_SHAPE.partitions
    assert bank["spec"]["replicas"] == 3
    assert bank["spec"]["config"] == {"cleanup.policy": "compact", "min.insync.replicas": "2"}
    users = {d["metadata"]["name"]: d for d in documents if d["kind"] == "KafkaUser"}
    testing_acls = users["testing"]["spec"]["authorization"]["acls"]
    assert {
        "resource": {
            "type": "topic",
            "name": f"p.{CATALOG_QUESTION_BANK.name}",
            "patternType": "literal",
        },
        "operations": ["Read"],
    } in testing_acls
    analyst_groups = [
        a
        for a in users["analyst"]["spec"]["authorization"]["acls"]
        if a["resource"]["type"] == "group"
    ]
    assert analyst_groups == [
        {
            "resource": {"type": "group", "name": "p.analyst-", "patternType": "prefix"},
            "operations": ["Read"],
        }
    ]


def test_kafka_acls_lines_use_the_tools_spelling() -> None:
    lines = render_kafka_acls().splitlines()
    assert (
        "--add --allow-principal User:billing --operation Write --topic billing.payments.v1"
        " --resource-pattern-type literal"
    ) in lines
    assert pascal_case("DESCRIBE_CONFIGS") == "DescribeConfigs"
    assert kubernetes_name("T_1.Catalog") == "t-1.catalog"


@pytest.mark.parametrize(
    ("environment", "setting", "creates"),
    [
        ("development", None, True),
        ("test", None, True),
        ("production", None, False),
        ("production", True, True),
        ("development", False, False),
    ],
)
def test_topics_are_created_on_startup_outside_production_unless_told(
    environment: Environment, setting: bool | None, creates: bool
) -> None:
    settings = ServiceSettings(
        service_name="gate",
        environment=environment,
        database_url="postgresql+asyncpg://gate:Zq8vN3xW7pL2mK9rT4yB6cJ1hF5dG0sA@db/gate",
        jwt_secret="k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ",
        candidate_id_secret="Zq8vN2rT5wY1bE4hK7mP0sU3xA6dG9jL",
        create_topics_on_startup=setting,
    )
    assert settings.creates_topics_on_startup is creates


def test_a_marked_block_is_filled_with_the_classes_table_and_kept_around_text() -> None:
    document = (
        "intro\n"
        "<!-- settings-table: jobpeak_runtime.provisioning.settings:ProvisioningSettings -->\n"
        "old\n<!-- /settings-table -->\nafter\n"
    )
    updated = update_settings_tables(document)
    assert updated.startswith("intro\n<!-- settings-table:")
    assert updated.endswith("<!-- /settings-table -->\nafter\n")
    assert "old" not in updated
    assert "| `JOBPEAK_ADMIN_KAFKA_SASL_PASSWORD` | secret | unset |" in updated
    assert '| `JOBPEAK_ADMIN_TOPIC_PREFIX` | str | `""` |' in updated
    assert "`PLAINTEXT` \\| `SASL_PLAINTEXT` \\| `SASL_SSL`" in updated
    assert update_settings_tables(updated) == updated


def test_a_marker_naming_something_else_than_settings_is_refused() -> None:
    with pytest.raises(TypeError, match="not a pydantic-settings class"):
        load_settings_class("jobpeak_runtime.provisioning.topology:TopicSpec")
