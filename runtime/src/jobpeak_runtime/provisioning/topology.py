"""The platform's Kafka topology as data: topics, principals and ACLs (no I/O).

Everything that provisions a cluster derives from here — ``jobpeak-admin topics apply``, the
Strimzi ``KafkaTopic``/``KafkaUser`` resources under ``deploy/k8s`` and the compose cluster's ACLs
— so the two clusters cannot drift apart without a test failing.

Who may do what (DESIGN.md sections 3 and 4):

- each service writes only the topics it owns (``PRODUCES``) and reads only what it consumes
  (``CONSUMES``, the topics of its registered event handlers);
- a consumer also writes and reads the ``.dlq`` twin of every topic it consumes: its dead letters
  go out through its own outbox, and its operators list them with its credentials;
- the analyst reads the public topics only, with consumer groups starting ``analyst-``;
- the item-statistics job reads the restricted per-item results (``testing.item-responses.v1``)
  and its own statistics topic (groups ``item-statistics-*``) and writes the public
  ``analytics.item-statistics.v1``, which the analyst reads too;
- the admin principal creates and describes the platform topics and nothing else: it can neither
  read nor write records.

No ``IDEMPOTENT_WRITE`` rule: since Kafka 2.8 (KIP-679) ``WRITE`` on a topic authorizes the
producer id; no ``TRANSACTIONAL_ID`` rule either: no service uses transactions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from jobpeak_contracts.topics import (
    ALL_TOPICS,
    ANALYTICS_ITEM_STATISTICS,
    BILLING_PAYMENTS,
    CATALOG_QUESTION_BANK,
    CATALOG_SPECIALTIES,
    MATCHING_MATCHES,
    MATCHING_WORK,
    TESTING_ATTEMPTS,
    TESTING_ITEM_RESPONSES,
    Topic,
    Visibility,
    dead_letter_topic_name,
)

DEFAULT_DLQ_RETENTION_MS = 30 * 24 * 60 * 60 * 1000
"""Dead letters wait 30 days for an operator to look at them and replay them."""

SERVICES = ("catalog", "testing", "billing", "matching")
ANALYST = "analyst"
ITEM_STATISTICS = "item-statistics"
"""The item-statistics job's principal (and the tap's per-item view): reads the per-item
results, writes the public statistics."""
PRINCIPALS = (*SERVICES, ANALYST, ITEM_STATISTICS)
"""The client principals (SCRAM user names): one per service, the read-only analyst and the
item-statistics job."""
ADMIN_PRINCIPAL = "jobpeak-admin"
"""Runs ``jobpeak-admin topics apply``: creates and describes topics, never reads or writes."""
ANALYST_GROUP_PREFIX = "analyst-"
ITEM_STATISTICS_GROUP_PREFIX = "item-statistics-"

PRODUCES: Mapping[str, tuple[Topic, ...]] = {
    "catalog": (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK),
    "testing": (TESTING_ATTEMPTS, TESTING_ITEM_RESPONSES),
    "billing": (BILLING_PAYMENTS,),
    "matching": (MATCHING_WORK, MATCHING_MATCHES),
    ITEM_STATISTICS: (ANALYTICS_ITEM_STATISTICS,),
}
"""The topics each principal publishes: a service's outbox relay, or the item-statistics job
(each topic has exactly one writer)."""

CONSUMES: Mapping[str, tuple[Topic, ...]] = {
    "catalog": (),
    "testing": (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK, BILLING_PAYMENTS),
    "billing": (CATALOG_SPECIALTIES, TESTING_ATTEMPTS),
    "matching": (CATALOG_SPECIALTIES, TESTING_ATTEMPTS),
}
"""The topics each service's event handlers consume (DESIGN.md section 3)."""

READERS: Mapping[str, tuple[tuple[Topic, ...], str]] = {
    ITEM_STATISTICS: (
        (TESTING_ITEM_RESPONSES, ANALYTICS_ITEM_STATISTICS),
        ITEM_STATISTICS_GROUP_PREFIX,
    ),
}
"""Principals other than the services and the analyst: the topics each may read (the
item-statistics job reads back what it published, to publish only what changed) and the prefix
of its consumer groups."""


class CleanupPolicy(StrEnum):
    DELETE = "delete"
    COMPACT = "compact"


class Operation(StrEnum):
    """Kafka ACL operations, by Kafka's names."""

    READ = "READ"
    WRITE = "WRITE"
    CREATE = "CREATE"
    DESCRIBE = "DESCRIBE"
    DESCRIBE_CONFIGS = "DESCRIBE_CONFIGS"


class ResourceType(StrEnum):
    TOPIC = "TOPIC"
    GROUP = "GROUP"
    TRANSACTIONAL_ID = "TRANSACTIONAL_ID"
    CLUSTER = "CLUSTER"


class PatternType(StrEnum):
    LITERAL = "LITERAL"
    PREFIXED = "PREFIXED"


CLUSTER_RESOURCE_NAME = "kafka-cluster"
"""The one name Kafka gives the cluster resource."""


@dataclass(frozen=True)
class TopicSpec:
    """One topic as it must exist on the broker."""

    name: str
    partitions: int
    replication_factor: int
    min_insync_replicas: int
    cleanup_policy: CleanupPolicy
    retention_ms: int | None
    """``None``: the broker's default (compacted topics keep the latest record per key)."""
    visibility: Visibility

    def configs(self) -> dict[str, str]:
        """The topic-level configs to create it with and to check it against."""
        configs = {
            "cleanup.policy": self.cleanup_policy.value,
            "min.insync.replicas": str(self.min_insync_replicas),
        }
        if self.retention_ms is not None:
            configs["retention.ms"] = str(self.retention_ms)
        return configs


@dataclass(frozen=True, order=True)
class AclRule:
    """One ALLOW rule (from any host); everything not allowed is denied by the authorizer."""

    principal: str
    operation: Operation
    resource_type: ResourceType
    resource_name: str
    pattern_type: PatternType


def topic_specs(
    *,
    partitions: int,
    replication_factor: int,
    min_insync_replicas: int,
    retention_ms: int | None,
    dlq_retention_ms: int = DEFAULT_DLQ_RETENTION_MS,
    prefix: str = "",
) -> list[TopicSpec]:
    """Every platform topic and its ``.dlq`` twin, in the registry's order.

    ``retention_ms`` applies to the delete-policy event topics; compacted topics keep the latest
    record per key whatever their age, and dead-letter topics (never compacted: two failures of
    one key must both stay) keep ``dlq_retention_ms``.
    """
    if min_insync_replicas > replication_factor:
        raise ValueError(
            f"min_insync_replicas ({min_insync_replicas}) cannot exceed "
            f"replication_factor ({replication_factor})"
        )
    specs: list[TopicSpec] = []
    for topic in ALL_TOPICS:
        name = topic.qualified_name(prefix)
        specs.append(
            TopicSpec(
                name=name,
                partitions=partitions,
                replication_factor=replication_factor,
                min_insync_replicas=min_insync_replicas,
                cleanup_policy=CleanupPolicy.COMPACT if topic.compacted else CleanupPolicy.DELETE,
                retention_ms=None if topic.compacted else retention_ms,
                visibility=topic.visibility,
            )
        )
        specs.append(
            TopicSpec(
                name=dead_letter_topic_name(name),
                partitions=partitions,
                replication_factor=replication_factor,
                min_insync_replicas=min_insync_replicas,
                cleanup_policy=CleanupPolicy.DELETE,
                retention_ms=dlq_retention_ms,
                visibility=Visibility.RESTRICTED,  # dead letters are for operators
            )
        )
    return specs


@dataclass(frozen=True)
class TopicShape:
    """Partitions, replication and retention shared by every platform topic of one cluster."""

    partitions: int
    replication_factor: int
    min_insync_replicas: int
    retention_ms: int | None
    dlq_retention_ms: int = DEFAULT_DLQ_RETENTION_MS

    def specs(self, *, prefix: str = "") -> list[TopicSpec]:
        return topic_specs(
            partitions=self.partitions,
            replication_factor=self.replication_factor,
            min_insync_replicas=self.min_insync_replicas,
            retention_ms=self.retention_ms,
            dlq_retention_ms=self.dlq_retention_ms,
            prefix=prefix,
        )


PRODUCTION_SHAPE = TopicShape(
    partitions=6, replication_factor=3, min_insync_replicas=2, retention_ms=7 * 24 * 3_600_000
)
"""The production clusters' topics (Strimzi resources and the compose cluster): three brokers,
writes acknowledged by two, six partitions so a consumer scales to six replicas, a week of
events."""


def acl_rules(*, prefix: str = "") -> list[AclRule]:
    """Every ALLOW rule of the platform's principals, sorted (prefix applied to every name)."""
    rules: set[AclRule] = set()

    def allow(principal: str, operation: Operation, resource: ResourceType, name: str) -> None:
        rules.add(AclRule(principal, operation, resource, name, PatternType.LITERAL))

    for service in SERVICES:
        for topic in PRODUCES[service]:
            allow(service, Operation.WRITE, ResourceType.TOPIC, topic.qualified_name(prefix))
        for topic in CONSUMES[service]:
            name = topic.qualified_name(prefix)
            allow(service, Operation.READ, ResourceType.TOPIC, name)
            allow(service, Operation.READ, ResourceType.TOPIC, dead_letter_topic_name(name))
            allow(service, Operation.WRITE, ResourceType.TOPIC, dead_letter_topic_name(name))
        if CONSUMES[service]:
            allow(service, Operation.READ, ResourceType.GROUP, consumer_group(service, prefix))
    for topic in PRODUCES[ITEM_STATISTICS]:
        allow(ITEM_STATISTICS, Operation.WRITE, ResourceType.TOPIC, topic.qualified_name(prefix))
    for topic in ALL_TOPICS:
        if topic.visibility is Visibility.PUBLIC:
            allow(ANALYST, Operation.READ, ResourceType.TOPIC, topic.qualified_name(prefix))
    readers = {ANALYST: ((), ANALYST_GROUP_PREFIX), **READERS}
    for reader, (topics, group_prefix) in readers.items():
        for topic in topics:
            allow(reader, Operation.READ, ResourceType.TOPIC, topic.qualified_name(prefix))
        rules.add(
            AclRule(
                reader,
                Operation.READ,
                ResourceType.GROUP,
                f"{prefix}{group_prefix}",
                PatternType.PREFIXED,
            )
        )
    for topic in ALL_TOPICS:
        for name in (
            topic.qualified_name(prefix),
            dead_letter_topic_name(topic.qualified_name(prefix)),
        ):
            for operation in (Operation.CREATE, Operation.DESCRIBE, Operation.DESCRIBE_CONFIGS):
                allow(ADMIN_PRINCIPAL, operation, ResourceType.TOPIC, name)
    return sorted(rules)


def consumer_group(service: str, prefix: str = "") -> str:
    """The consumer group of ``service``: ``ServiceSettings.consumer_group`` for the same prefix."""
    return f"{prefix}{service}"


def reads(principal: str, rules: list[AclRule]) -> set[str]:
    """The topic names (or prefixes) ``principal`` may read under ``rules``."""
    return _topics(principal, Operation.READ, rules)


def writes(principal: str, rules: list[AclRule]) -> set[str]:
    """The topic names (or prefixes) ``principal`` may write under ``rules``."""
    return _topics(principal, Operation.WRITE, rules)


def _topics(principal: str, operation: Operation, rules: list[AclRule]) -> set[str]:
    return {
        rule.resource_name
        for rule in rules
        if rule.principal == principal
        and rule.operation is operation
        and rule.resource_type is ResourceType.TOPIC
    }
