"""Listing and replaying dead letters (``<topic>.dlq``).

::

    python -m jobpeak_runtime.deadletters --bootstrap 127.0.0.1:19092 \\
        --topic testing.attempts.v1 list
    python -m jobpeak_runtime.deadletters --bootstrap 127.0.0.1:19092 \\
        --topic testing.attempts.v1 replay --all          # or --event-id <ce_id> ...

``replay --all`` leaves in place the dead letters this build cannot decode (replaying them would
only dead-letter them again); ``--event-id`` replays any.

``--topic`` is the source topic as on the broker (prefix included). A replay republishes the
original record (key, value, original headers) to its original topic with the header
``jobpeak-replay-for: <consumer>``: that consumer handles it again even though its inbox marked
it dead-lettered, while every other consumer group skips it as already processed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jobpeak_contracts.envelope import (
    ContractError,
    UnknownEventType,
    UnsupportedEventVersion,
    decode,
)
from jobpeak_contracts.topics import dead_letter_topic_name

from jobpeak_runtime.dead_letter_records import (
    DLQ_ATTEMPTS,
    DLQ_CONSUMER,
    DLQ_ERROR,
    DLQ_OFFSET,
    DLQ_PARTITION,
    DLQ_PREFIX,
    DLQ_TOPIC,
    REPLAY_FOR,
)
from jobpeak_runtime.kafka_topics import read_topic
from jobpeak_runtime.outbox import idempotent_producer
from jobpeak_runtime.records import CE_ID, KafkaRecord


@dataclass(frozen=True)
class DeadLetter:
    partition: int
    offset: int
    record: KafkaRecord

    @property
    def event_id(self) -> str | None:
        return self.record.header_text(CE_ID)

    def summary(self) -> dict[str, object]:
        text = self.record.header_text
        return {
            "dlq_partition": self.partition,
            "dlq_offset": self.offset,
            "ce_id": self.event_id,
            "ce_type": text("ce_type"),
            "consumer": text(DLQ_CONSUMER),
            "attempts": text(DLQ_ATTEMPTS),
            "error": text(DLQ_ERROR),
            "source": f"{text(DLQ_TOPIC)}/{text(DLQ_PARTITION)}@{text(DLQ_OFFSET)}",
            "decodes": self.decodes,
        }

    @property
    def decodes(self) -> bool:
        """Whether this build's contracts decode the original record: replaying one they do not
        would only dead-letter it again (a consumer skips unknown types, so those decode)."""
        try:
            original = self.replay_record()
            decode(topic=original.topic, headers=original.headers, value=original.value or b"")
        except UnsupportedEventVersion:
            return False
        except UnknownEventType:
            return True
        except (ContractError, ValueError):
            return False
        return True

    def replay_record(self) -> KafkaRecord:
        """The original record, addressed to its original topic and to the failed consumer."""
        source_topic = self.record.header_text(DLQ_TOPIC)
        consumer = self.record.header_text(DLQ_CONSUMER)
        if not source_topic or not consumer:
            raise ValueError(f"dead letter at offset {self.offset} lacks its source headers")
        original = tuple(
            (name, value) for name, value in self.record.headers if not name.startswith(DLQ_PREFIX)
        )
        return KafkaRecord(
            topic=source_topic,
            key=self.record.key,
            headers=(*original, (REPLAY_FOR, consumer.encode("utf-8"))),
            value=self.record.value,
        )


async def list_dead_letters(*, bootstrap: str, topic: str) -> list[DeadLetter]:
    """Every record currently on ``<topic>.dlq``, oldest first per partition."""
    return [
        DeadLetter(partition=read.partition, offset=read.offset, record=read.record)
        for read in await read_topic(bootstrap=bootstrap, topic=dead_letter_topic_name(topic))
    ]


async def replay(*, bootstrap: str, dead_letters: Iterable[DeadLetter]) -> int:
    """Republish ``dead_letters`` to their original topics; returns how many."""
    records = [letter.replay_record() for letter in dead_letters]
    if not records:
        return 0
    producer = idempotent_producer(bootstrap=bootstrap, client_id="jobpeak-deadletters")
    await producer.start()
    try:
        deliveries = [
            await producer.send(
                record.topic, value=record.value, key=record.key, headers=list(record.headers)
            )
            for record in records
        ]
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()
    return len(records)


def select(
    letters: Sequence[DeadLetter], *, event_ids: Sequence[str], replay_all: bool
) -> list[DeadLetter]:
    if replay_all:
        return [letter for letter in letters if letter.decodes]
    wanted = set(event_ids)
    return [letter for letter in letters if letter.event_id in wanted]


async def _main(arguments: argparse.Namespace) -> None:
    letters = await list_dead_letters(bootstrap=arguments.bootstrap, topic=arguments.topic)
    if arguments.action == "list":
        for letter in letters:
            print(json.dumps(letter.summary()))
        return
    chosen = select(letters, event_ids=arguments.event_id or (), replay_all=arguments.all)
    count = await replay(bootstrap=arguments.bootstrap, dead_letters=chosen)
    print(f"replayed {count} of {len(letters)} dead letters from {arguments.topic}")
    if arguments.all and len(chosen) < len(letters):
        print(
            f"left {len(letters) - len(chosen)} undecodable dead letters in place: replayed, they"
            " would be dead-lettered again (--event-id replays one anyway)"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jobpeak_runtime.deadletters")
    parser.add_argument("--bootstrap", required=True)
    parser.add_argument("--topic", required=True, help="source topic, prefix included")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("list")
    replay_parser = actions.add_parser("replay")
    chosen = replay_parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--all", action="store_true")
    chosen.add_argument("--event-id", action="append", help="ce_id to replay (repeatable)")
    asyncio.run(_main(parser.parse_args(argv)))


if __name__ == "__main__":
    main()
