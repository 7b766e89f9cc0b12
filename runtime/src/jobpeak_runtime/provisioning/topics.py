"""Creating the platform topics from the topology and checking existing ones against it.

A topic that exists with other partitions, replication factor or configs is reported, never
altered: shrinking partitions is impossible and changing them reshuffles keys across
partitions, which breaks per-key order; an operator decides.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.errors import TopicAlreadyExistsError

from jobpeak_runtime.provisioning.topology import TopicSpec

NO_ERROR = 0


@dataclass(frozen=True)
class TopicProblem:
    """One way an existing topic (or its creation) differs from the topology."""

    topic: str
    setting: str
    expected: str
    actual: str

    def __str__(self) -> str:
        return f"{self.topic}: {self.setting} is {self.actual}, expected {self.expected}"


@dataclass
class TopicReport:
    """What ``topics check`` or ``topics apply`` found."""

    matching: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[TopicProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing and not self.problems

    def lines(self) -> list[str]:
        """One human-readable line per topic or problem."""
        return [
            *(f"{name}: ok" for name in self.matching),
            *(f"{name}: created" for name in self.created),
            *(f"{name}: missing" for name in self.missing),
            *(str(problem) for problem in self.problems),
        ]


@dataclass(frozen=True)
class ObservedTopic:
    """A topic as the cluster describes it."""

    partitions: int
    replication_factors: frozenset[int]
    configs: Mapping[str, str]


def differences(spec: TopicSpec, observed: ObservedTopic) -> list[TopicProblem]:
    """How ``observed`` differs from ``spec`` (empty when it matches)."""
    problems: list[TopicProblem] = []
    if observed.partitions != spec.partitions:
        problems.append(
            TopicProblem(spec.name, "partitions", str(spec.partitions), str(observed.partitions))
        )
    if observed.replication_factors != {spec.replication_factor}:
        actual = ",".join(str(n) for n in sorted(observed.replication_factors))
        problems.append(
            TopicProblem(spec.name, "replication factor", str(spec.replication_factor), actual)
        )
    for name, expected in spec.configs().items():
        actual = observed.configs.get(name, "<unset>")
        if actual != expected:
            problems.append(TopicProblem(spec.name, name, expected, actual))
    return problems


async def check_topics(*, client_options: Mapping[str, Any], specs: list[TopicSpec]) -> TopicReport:
    """Compare the cluster's topics with ``specs``; creates nothing."""
    admin = AIOKafkaAdminClient(client_id="jobpeak-admin", **client_options)
    await admin.start()
    try:
        return await _inspect(admin, specs)
    finally:
        await admin.close()


async def apply_topics(*, client_options: Mapping[str, Any], specs: list[TopicSpec]) -> TopicReport:
    """Create the missing topics of ``specs``; report existing ones that differ."""
    admin = AIOKafkaAdminClient(client_id="jobpeak-admin", **client_options)
    await admin.start()
    try:
        report = await _inspect(admin, specs)
        wanted = {spec.name: spec for spec in specs if spec.name in report.missing}
        if not wanted:
            return report
        response = await admin.create_topics(
            [
                NewTopic(
                    name=spec.name,
                    num_partitions=spec.partitions,
                    replication_factor=spec.replication_factor,
                    topic_configs=spec.configs(),
                )
                for spec in wanted.values()
            ]
        )
        report.missing = []
        raced: list[TopicSpec] = []
        for name, code, *rest in response.topic_errors:
            if code == NO_ERROR:
                report.created.append(str(name))
            elif code == TopicAlreadyExistsError.errno:
                raced.append(wanted[str(name)])
            else:
                message = rest[0] if rest and rest[0] else f"error code {code}"
                report.problems.append(TopicProblem(str(name), "creation", "created", message))
        await wait_until_described(admin, set(report.created))
        if raced:  # created by someone else since we looked: check those as existing topics
            again = await _inspect(admin, raced)
            report.matching += again.matching
            report.problems += again.problems
            report.missing += again.missing
        return report
    finally:
        await admin.close()


async def wait_until_described(
    admin: AIOKafkaAdminClient, names: set[str], *, timeout_seconds: float = 30.0
) -> None:
    """Wait until the cluster's metadata lists ``names``: creation reaches brokers a little
    after the controller answers, and a check run right after ``apply`` must see the topics."""
    deadline = asyncio.get_running_loop().time() + timeout_seconds
    while not names <= {topic["topic"] for topic in await admin.describe_topics()}:
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"created topics not yet described: {sorted(names)}")
        await asyncio.sleep(0.05)


async def _inspect(admin: AIOKafkaAdminClient, specs: list[TopicSpec]) -> TopicReport:
    # Describing every topic (no names) never auto-creates one, unlike naming a missing topic.
    described = {topic["topic"]: topic for topic in await admin.describe_topics()}
    present = [spec for spec in specs if spec.name in described]
    configs = await _topic_configs(admin, [spec.name for spec in present])
    report = TopicReport(missing=[spec.name for spec in specs if spec.name not in described])
    for spec in present:
        topic = described[spec.name]
        if topic["error_code"] != NO_ERROR:
            report.problems.append(
                TopicProblem(spec.name, "description", "readable", f"error {topic['error_code']}")
            )
            continue
        observed = ObservedTopic(
            partitions=len(topic["partitions"]),
            replication_factors=frozenset(len(p["replicas"]) for p in topic["partitions"]),
            configs=configs.get(spec.name, {}),
        )
        found = differences(spec, observed)
        report.problems.extend(found)
        if not found:
            report.matching.append(spec.name)
    return report


async def _topic_configs(admin: AIOKafkaAdminClient, names: list[str]) -> dict[str, dict[str, str]]:
    if not names:
        return {}
    responses = await admin.describe_configs(
        [ConfigResource(ConfigResourceType.TOPIC, name) for name in names]
    )
    configs: dict[str, dict[str, str]] = {}
    for response in responses:
        for _code, _message, _type, name, entries in response.resources:
            configs[str(name)] = {str(entry[0]): str(entry[1]) for entry in entries}
    return configs
