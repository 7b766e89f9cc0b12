from __future__ import annotations

import pytest
from jobpeak_contracts.topics import (
    ALL_TOPICS,
    ANALYTICS_ITEM_STATISTICS,
    BILLING_PAYMENTS,
    CATALOG_QUESTION_BANK,
    TESTING_ITEM_RESPONSES,
    Visibility,
    dead_letter_topic_name,
)
from jobpeak_runtime.provisioning.topology import (
    ADMIN_PRINCIPAL,
    ANALYST,
    CONSUMES,
    DEFAULT_DLQ_RETENTION_MS,
    ITEM_STATISTICS,
    PRINCIPALS,
    PRODUCES,
    SERVICES,
    AclRule,
    CleanupPolicy,
    Operation,
    PatternType,
    ResourceType,
    TopicSpec,
    acl_rules,
    reads,
    topic_specs,
    writes,
)

pytestmark = pytest.mark.unit

PREFIX = "t1."
RULES = acl_rules(prefix=PREFIX)


def _specs(prefix: str = "") -> list[TopicSpec]:
    return topic_specs(
        partitions=6,
        replication_factor=3,
        min_insync_replicas=2,
        retention_ms=604_800_000,
        dlq_retention_ms=DEFAULT_DLQ_RETENTION_MS,
        prefix=prefix,
    )


def test_every_registry_topic_and_its_dead_letter_twin_has_a_spec() -> None:
    names = [spec.name for spec in _specs(PREFIX)]
    expected = []
    for topic in ALL_TOPICS:
        expected += [PREFIX + topic.name, dead_letter_topic_name(PREFIX + topic.name)]
    assert names == expected


def test_compacted_topics_keep_their_latest_records_and_dead_letters_stay_30_days() -> None:
    by_name = {spec.name: spec for spec in _specs()}
    bank = by_name[CATALOG_QUESTION_BANK.name]
    assert bank.cleanup_policy is CleanupPolicy.COMPACT
    assert bank.retention_ms is None
    assert "retention.ms" not in bank.configs()
    payments = by_name[BILLING_PAYMENTS.name]
    assert payments.configs() == {
        "cleanup.policy": "delete",
        "min.insync.replicas": "2",
        "retention.ms": "604800000",
    }
    dlq = by_name[dead_letter_topic_name(CATALOG_QUESTION_BANK.name)]
    assert dlq.cleanup_policy is CleanupPolicy.DELETE
    assert dlq.visibility is Visibility.RESTRICTED
    assert dlq.retention_ms is not None
    assert dlq.retention_ms >= 30 * 24 * 3600 * 1000
    assert {spec.replication_factor for spec in by_name.values()} == {3}
    assert {spec.partitions for spec in by_name.values()} == {6}


def test_min_insync_replicas_above_the_replication_factor_is_refused() -> None:
    with pytest.raises(ValueError, match="min_insync_replicas"):
        topic_specs(
            partitions=1,
            replication_factor=1,
            min_insync_replicas=2,
            retention_ms=None,
            dlq_retention_ms=1,
        )


def test_each_topic_has_exactly_one_writer_the_service_it_is_named_after() -> None:
    for topic in ALL_TOPICS:
        writers = [
            p for p in (*PRINCIPALS, ADMIN_PRINCIPAL) if PREFIX + topic.name in writes(p, RULES)
        ]
        owner = topic.name.split(".")[0]
        assert writers == [ITEM_STATISTICS if owner == "analytics" else owner], topic.name
    assert {t.name for owned in PRODUCES.values() for t in owned} == {t.name for t in ALL_TOPICS}


def test_only_testing_reads_the_question_bank_and_its_dead_letters() -> None:
    for name in (CATALOG_QUESTION_BANK.name, dead_letter_topic_name(CATALOG_QUESTION_BANK.name)):
        readers = [p for p in (*PRINCIPALS, ADMIN_PRINCIPAL) if PREFIX + name in reads(p, RULES)]
        assert readers == ["testing"], name


def test_only_the_item_statistics_job_reads_per_item_results_and_only_testing_writes_them() -> None:
    name = PREFIX + TESTING_ITEM_RESPONSES.name
    readers = [p for p in (*PRINCIPALS, ADMIN_PRINCIPAL) if name in reads(p, RULES)]
    writers = [p for p in (*PRINCIPALS, ADMIN_PRINCIPAL) if name in writes(p, RULES)]
    assert TESTING_ITEM_RESPONSES.visibility is Visibility.RESTRICTED
    assert readers == [ITEM_STATISTICS]
    assert writers == ["testing"]
    statistics = PREFIX + ANALYTICS_ITEM_STATISTICS.name
    assert reads(ITEM_STATISTICS, RULES) == {name, statistics}
    assert writes(ITEM_STATISTICS, RULES) == {statistics}


def test_the_item_statistics_topic_is_public_compacted_and_read_by_the_analyst() -> None:
    name = PREFIX + ANALYTICS_ITEM_STATISTICS.name
    readers = [p for p in (*PRINCIPALS, ADMIN_PRINCIPAL) if name in reads(p, RULES)]
    assert (ANALYTICS_ITEM_STATISTICS.visibility, ANALYTICS_ITEM_STATISTICS.compacted) == (
        Visibility.PUBLIC,
        True,
    )
    assert readers == [ANALYST, ITEM_STATISTICS]


def test_only_billing_writes_payments() -> None:
    writers = [p for p in PRINCIPALS if PREFIX + BILLING_PAYMENTS.name in writes(p, RULES)]
    assert writers == ["billing"]


def test_a_service_reads_what_it_consumes_and_the_dead_letters_it_writes_nothing_else() -> None:
    for service in SERVICES:
        consumed = {PREFIX + t.name for t in CONSUMES[service]}
        dead_letters = {dead_letter_topic_name(name) for name in consumed}
        assert reads(service, RULES) == consumed | dead_letters
        owned = {PREFIX + t.name for t in PRODUCES[service]}
        assert writes(service, RULES) == owned | dead_letters


def test_consumers_get_their_own_group_and_nothing_else_on_groups() -> None:
    groups = {
        (rule.principal, rule.resource_name, rule.pattern_type)
        for rule in RULES
        if rule.resource_type is ResourceType.GROUP
    }
    assert groups == {
        ("testing", "t1.testing", PatternType.LITERAL),
        ("billing", "t1.billing", PatternType.LITERAL),
        ("matching", "t1.matching", PatternType.LITERAL),
        (ANALYST, "t1.analyst-", PatternType.PREFIXED),
        (ITEM_STATISTICS, "t1.item-statistics-", PatternType.PREFIXED),
    }


def test_the_analyst_reads_every_public_topic_and_writes_nothing() -> None:
    public = {PREFIX + t.name for t in ALL_TOPICS if t.visibility is Visibility.PUBLIC}
    assert reads(ANALYST, RULES) == public
    assert writes(ANALYST, RULES) == set()
    assert PREFIX + CATALOG_QUESTION_BANK.name not in public


def test_the_admin_creates_and_describes_platform_topics_but_moves_no_records() -> None:
    admin = [rule for rule in RULES if rule.principal == ADMIN_PRINCIPAL]
    assert {rule.operation for rule in admin} == {
        Operation.CREATE,
        Operation.DESCRIBE,
        Operation.DESCRIBE_CONFIGS,
    }
    assert {rule.resource_name for rule in admin} == {spec.name for spec in _specs(PREFIX)}


def test_no_rule_grants_cluster_wide_or_transactional_rights() -> None:
    kinds = {rule.resource_type for rule in RULES}
    assert kinds == {ResourceType.TOPIC, ResourceType.GROUP}
    assert all(rule.resource_name.startswith(PREFIX) for rule in RULES)


def test_rules_are_sorted_and_unique_so_rendered_files_are_stable() -> None:
    assert sorted(set(RULES)) == RULES
    assert isinstance(RULES[0], AclRule)
    assert acl_rules(prefix=PREFIX) == RULES
