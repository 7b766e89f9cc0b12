"""Creating the platform's topics (and their dead-letter topics) when they are missing."""

from __future__ import annotations

from collections.abc import Iterable

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code
from jobpeak_contracts.topics import ALL_TOPICS, Topic, dead_letter_topic_name

from jobpeak_runtime.logging import get_logger

_log = get_logger(__name__)


def platform_topics(prefix: str) -> dict[str, dict[str, str]]:
    """Every contract topic and its dead-letter topic, prefixed, with their topic configs."""
    wanted: dict[str, dict[str, str]] = {}
    for topic in ALL_TOPICS:
        wanted[topic.qualified_name(prefix)] = _configs(topic)
        wanted[dead_letter_topic_name(topic.qualified_name(prefix))] = {}
    return wanted


def _configs(topic: Topic) -> dict[str, str]:
    return {"cleanup.policy": "compact"} if topic.compacted else {}


async def ensure_topics(
    *,
    bootstrap: str,
    topics: dict[str, dict[str, str]],
    partitions: int,
    replication_factor: int,
    client_id: str = "jobpeak-topics",
) -> None:
    """Create each of ``topics`` (name → configs) that does not exist yet."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id=client_id)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(
                name=name,
                num_partitions=partitions,
                replication_factor=replication_factor,
                topic_configs=configs,
            )
            for name, configs in topics.items()
            if name not in existing
        ]
        if not missing:
            return
        response = await admin.create_topics(missing)
        _raise_unless_created_or_existing(response.topic_errors)
        _log.info("topics created", topics=[t.name for t in missing])
    finally:
        await admin.close()


async def partitions_of(*, bootstrap: str, topic: str) -> list[int]:
    """The partition numbers of ``topic``; empty if it does not exist."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, client_id="jobpeak-topics")
    await admin.start()
    try:
        (description,) = await admin.describe_topics([topic])
    finally:
        await admin.close()
    if description["error_code"] != 0:
        return []
    return sorted(partition["partition"] for partition in description["partitions"])


def _raise_unless_created_or_existing(topic_errors: Iterable[tuple[object, ...]]) -> None:
    for name, code, *_ in topic_errors:
        if code in (0, TopicAlreadyExistsError.errno):
            continue
        raise for_code(int(str(code)))(f"cannot create topic {name}")
