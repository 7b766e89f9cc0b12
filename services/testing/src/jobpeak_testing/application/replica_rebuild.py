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

from typing import Protocol

from jobpeak_contracts.topics import CATALOG_QUESTION_BANK, CATALOG_SPECIALTIES, Topic
from jobpeak_runtime.logging import get_logger

_log = get_logger(__name__)

REPLICATED_TOPICS = (CATALOG_SPECIALTIES, CATALOG_QUESTION_BANK)


class TopicReplay(Protocol):
    async def replay(self, topic: Topic) -> int:
        """Hand every record now on ``topic`` to the inbox processor; how many there were."""
        ...


async def rebuild_replicas(*, replay: TopicReplay) -> int:
    """Replay the compacted catalog topics through the inbox; how many records were replayed."""
    replayed = 0
    for topic in REPLICATED_TOPICS:
        replayed += await replay.replay(topic)
    _log.info("catalog replicas rebuilt", records=replayed)
    return replayed
