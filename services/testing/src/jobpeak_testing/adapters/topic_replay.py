"""Replaying a topic from its beginning through the service's own inbox processor."""

from __future__ import annotations

from jobpeak_contracts.topics import Topic
from jobpeak_runtime.kafka_security import kafka_client_options
from jobpeak_runtime.kafka_topics import read_topic
from jobpeak_runtime.service import ServiceRuntime


class InboxTopicReplay:
    """Implements :class:`jobpeak_testing.application.replica_rebuild.TopicReplay`."""

    def __init__(self, runtime: ServiceRuntime) -> None:
        self._runtime = runtime

    async def replay(self, topic: Topic) -> int:
        settings = self._runtime.settings
        records = await read_topic(
            bootstrap=settings.kafka_bootstrap,
            topic=settings.topic_name(topic),
            options=kafka_client_options(settings),
        )
        for record in records:
            await self._runtime.processor.process(record)
        return len(records)
