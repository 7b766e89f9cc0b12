"""The ``jobpeak-tap item-stats`` command: read the restricted responses, write the JSON report,
list the items flagged for admins and, with ``--publish``, publish what changed on the public
statistics topic."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime
from pathlib import Path

from jobpeak_tap.itemstats import DEFAULT_MIN_N, DEFAULT_PASS_MARK, item_statistics
from jobpeak_tap.itemstats_charts import write_item_charts
from jobpeak_tap.itemstats_job import (
    ITEM_RESPONSES_TOPIC,
    attempts_of,
    read_to_end,
    write_report_json,
)
from jobpeak_tap.itemstats_publish import (
    StatisticsEvent,
    changed,
    latest_published,
    publish,
    statistics_events,
    statistics_topic,
)


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (0.78 is 78%), not {text}")
    return value


def add_item_stats_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    stats = commands.add_parser(
        "item-stats", help="item difficulty, discrimination and reliability (restricted input)"
    )
    stats.add_argument("--bootstrap", default="127.0.0.1:19092")
    stats.add_argument("--topic", default=ITEM_RESPONSES_TOPIC)
    stats.add_argument("--topic-prefix", default="")
    stats.add_argument(
        "--min-n", type=_positive, default=DEFAULT_MIN_N, help="suppress items below"
    )
    stats.add_argument(
        "--pass-mark",
        type=_fraction,
        default=DEFAULT_PASS_MARK,
        help="where the SEM at the cut is read",
    )
    stats.add_argument("--out", type=Path, default=Path(".cache/tap/item-statistics.json"))
    stats.add_argument("--include-synthetic", action="store_true")
    stats.add_argument("--charts", type=Path, help="also chart items and forms (PNG) here")
    stats.add_argument(
        "--publish",
        action="store_true",
        help="publish the changed statistics on the public analytics.item-statistics.v1",
    )


async def _publish_changes(
    args: argparse.Namespace, events: list[StatisticsEvent]
) -> tuple[int, int]:
    """Publish the events whose figures changed; (sent, unchanged)."""
    topic = statistics_topic(args.topic_prefix)
    published = latest_published(await read_to_end(bootstrap=args.bootstrap, topic=topic))
    fresh = changed(events, published)
    sent = await publish(
        fresh,
        bootstrap=args.bootstrap,
        topic_prefix=args.topic_prefix,
        synthetic=args.include_synthetic,
    )
    return sent, len(events) - sent


def item_stats(args: argparse.Namespace) -> int:
    records = asyncio.run(
        read_to_end(bootstrap=args.bootstrap, topic=f"{args.topic_prefix}{args.topic}")
    )
    attempts = attempts_of(records, include_synthetic=args.include_synthetic)
    report = item_statistics(attempts, min_n=args.min_n, pass_mark=args.pass_mark)
    path = write_report_json(report, args.out)
    if args.charts:
        for chart in write_item_charts(report, args.charts):
            print(f"chart: {chart}")
    shown = sum(not item.suppressed for item in report.items)
    print(
        f"{len(attempts)} certification attempts, {len(report.items)} items "
        f"({shown} with n >= {args.min_n}), {len(report.forms)} form(s): {path}"
    )
    for item in report.items:
        if item.flags:
            print(f"flagged for review: {item.form} {item.question_id}: {', '.join(item.flags)}")
    if args.publish:
        events = statistics_events(report, computed_at=datetime.now(UTC))
        sent, unchanged = asyncio.run(_publish_changes(args, events))
        print(
            f"published {sent} statistics event(s) on {statistics_topic(args.topic_prefix)}"
            f" ({unchanged} unchanged)"
        )
    return 0
