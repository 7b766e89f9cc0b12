"""Rebuilding the catalog replicas from the compacted topics at start-up.

The service's consumer group resumes from its committed offsets, which is right for an existing
database but leaves a fresh one (a restored backup, a new environment reusing the group) without
the specialties and questions published long ago. So before serving, the service reads both
compacted catalog topics from the beginning up to their current end, without a consumer group,
and hands every record to the same inbox processor the subscriber uses. Records this database
has already processed are skipped by the inbox; replayed older versions change nothing because
the replicas keep the newest revision / bank version. Compaction keeps these topics at about one
record per specialty and per question, so the read is short and is held in memory whole.
"""

from __future__ import annotations

from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES
from jobpeak_runtime.kafka_security import kafka_client_options
from jobpeak_runtime.kafka_topics import read_topic
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.service import ServiceRuntime

_log = get_logger(__name__)

REPLICATED_TOPICS = (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK)


async def rebuild_replicas(runtime: ServiceRuntime) -> None:
    """The ``on_startup`` hook: replay the compacted catalog topics through the inbox."""
    settings = runtime.settings
    replayed = 0
    for topic in REPLICATED_TOPICS:
        records = await read_topic(
            bootstrap=settings.kafka_bootstrap,
            topic=settings.topic_name(topic),
            options=kafka_client_options(settings),
        )
        for record in records:
            await runtime.processor.process(record)
        replayed += len(records)
    _log.info("catalog replicas rebuilt", records=replayed)
