"""Watching the public topics while the journey runs: what an analyst's consumer would see.

:class:`PublicTopicWatcher` assigns itself every partition of the public topics (no consumer
group, nothing committed), pins its start position before the journey begins, and hands each
record, decoded with the contracts package, to a callback; a record that does not decode is
listed and skipped. Restricted topics are never read.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer
from jobpeak_contracts.envelope import ContractError, Envelope, Event, decode
from jobpeak_contracts.events import (
    AttemptVoided,
    CheckoutStarted,
    FormStatisticsPublished,
    ItemResponsesRecorded,
    ItemStatisticsPublished,
    MatchAccepted,
    MatchDeclined,
    MatchOffered,
    MatchSlaBreached,
    OfferExpired,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    PracticeTestCompleted,
    ReviewerQualified,
    SpecialtyPublished,
    SpecialtyRetired,
    TestFailed,
    TestPassed,
    TestStarted,
    WorkClosed,
    WorkPosted,
)
from jobpeak_contracts.money import Money, format_money
from jobpeak_tap.topics import public_topics


@dataclass(frozen=True)
class SeenEvent:
    topic: str
    """The logical topic name (without the deployment's prefix)."""
    key: str
    envelope: Envelope
    event: Event
    payload: bytes


class PublicTopicWatcher:
    def __init__(
        self,
        *,
        bootstrap: str,
        on_event: Callable[[SeenEvent], None],
        topic_prefix: str = "",
        from_beginning: bool = False,
        kafka_options: Mapping[str, Any] | None = None,
    ) -> None:
        self._bootstrap = bootstrap
        self._on_event = on_event
        self._prefix = topic_prefix
        self._from_beginning = from_beginning
        self._kafka_options = dict(kafka_options or {})
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None
        self.undecodable: list[str] = []
        """``topic/partition@offset: error`` of each record the contracts could not decode."""

    async def start(self) -> None:
        """Take every public partition, fix where reading starts, then read in the background.

        Without a consumer group the client assigns itself all partitions of the topics; the
        positions are resolved here, before the journey, so nothing it causes is missed.
        """
        consumer = AIOKafkaConsumer(
            *(topic.qualified_name(self._prefix) for topic in public_topics()),
            bootstrap_servers=self._bootstrap,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="earliest" if self._from_beginning else "latest",
            **self._kafka_options,
        )
        await consumer.start()
        try:
            partitions = sorted(consumer.assignment())
            missing = {topic.qualified_name(self._prefix) for topic in public_topics()} - {
                partition.topic for partition in partitions
            }
            if missing:
                raise RuntimeError(f"no such topics {sorted(missing)}: is the platform running?")
            if self._from_beginning:
                await consumer.seek_to_beginning(*partitions)
            else:
                await consumer.seek_to_end(*partitions)
            for partition in partitions:
                await consumer.position(partition)
        except BaseException:
            await consumer.stop()
            raise
        self._consumer = consumer
        self._task = asyncio.create_task(self._read(consumer), name="public-topic-watcher")

    async def _read(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for record in records:
                    try:
                        decoded = decode(
                            topic=record.topic, headers=record.headers, value=record.value or b""
                        )
                    except ContractError as error:  # an analyst's consumer reads on, and so do we
                        self.undecodable.append(
                            f"{record.topic}/{record.partition}@{record.offset}: {error}"
                        )
                        continue
                    self._on_event(
                        SeenEvent(
                            topic=record.topic.removeprefix(self._prefix),
                            key=(record.key or b"").decode(),
                            envelope=decoded.envelope,
                            event=decoded.event,
                            payload=record.value or b"",
                        )
                    )

    def raise_if_failed(self) -> None:
        """Surface a broker failure of the background reader (bad records are only listed in
        :attr:`undecodable`: one bad record must not hide every event after it)."""
        if self._task is not None and self._task.done() and not self._task.cancelled():
            self._task.result()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()


def _money(amount: Money) -> str:
    return format_money(amount.amount_minor, amount.currency)


def _percent(fraction: float) -> str:
    return f"{fraction:.0%}"


def _correct_items(event: ItemResponsesRecorded) -> str:
    correct = sum(response.correct for response in event.responses)
    return f"{event.kind.value}: {correct}/{len(event.responses)} items correct"


def _work(event: WorkPosted) -> str:
    languages = ", ".join(event.required_languages) or "any language"
    return f"{event.seats} seat(s) at {_money(event.hourly_rate)}/hr, {languages}"


def _item_statistics(event: ItemStatisticsPublished) -> str:
    if event.suppressed or event.p_value is None:
        return f"{event.question_id}: n={event.n}, below n={event.min_n}, not shown"
    flags = f", flagged: {', '.join(flag.value for flag in event.flags)}" if event.flags else ""
    return f"{event.question_id}: n={event.n}, {_percent(event.p_value)} correct{flags}"


def _form_statistics(event: FormStatisticsPublished) -> str:
    reliability = "n/a" if event.kr20 is None else f"{event.kr20:.2f}"
    return f"bank v{event.bank_version}: {event.attempts} attempts, KR-20 {reliability}"


def _graded(verb: str) -> Callable[[Any], str]:
    return lambda e: f"{verb} with {_percent(e.total_score)} (pass mark {_percent(e.pass_mark)})"


_SUMMARIES: dict[type[Event], Callable[[Any], str]] = {
    SpecialtyPublished: lambda e: f"{e.specialty_slug} published (bank v{e.bank_version})",
    SpecialtyRetired: lambda e: f"{e.specialty_slug} retired",
    CheckoutStarted: lambda e: f"checkout for {_money(e.amount)}",
    PaymentCaptured: lambda e: f"{_money(e.amount)} captured for order {str(e.order_id)[:8]}",
    PaymentFailed: lambda e: f"payment failed ({e.failure_code})",
    PaymentRefunded: lambda e: f"{_money(e.amount)} refunded ({e.reason.value})",
    TestStarted: lambda e: (
        f"{e.kind.value} attempt {e.attempt_number}, {e.question_count} questions"
    ),
    PracticeTestCompleted: lambda e: f"practice scored {_percent(e.total_score)}",
    TestPassed: _graded("passed"),
    TestFailed: _graded("failed"),
    ItemResponsesRecorded: _correct_items,
    AttemptVoided: lambda e: f"attempt voided ({e.reason.value})",
    WorkPosted: _work,
    WorkClosed: lambda e: f"closed ({e.reason.value}), {e.seats_filled} seat(s) filled",
    ReviewerQualified: lambda e: f"in the pool, to be matched by {e.due_by:%Y-%m-%d}",
    MatchOffered: lambda e: f"offered work {str(e.work_id)[:8]} at {_money(e.hourly_rate)}/hr",
    MatchAccepted: lambda e: f"accepted work {str(e.work_id)[:8]}",
    MatchDeclined: lambda e: f"declined work {str(e.work_id)[:8]}",
    OfferExpired: lambda e: f"offer of work {str(e.work_id)[:8]} expired",
    MatchSlaBreached: lambda e: f"still unmatched at {e.due_by:%Y-%m-%d}",
    ItemStatisticsPublished: _item_statistics,
    FormStatisticsPublished: _form_statistics,
}


def summary(event: Event) -> str:
    """A short line about ``event`` for the narration (ids shortened, no content)."""
    describe = _SUMMARIES.get(type(event))
    return describe(event) if describe is not None else event.event_name
