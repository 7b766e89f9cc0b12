"""``jobpeak-tap consume`` keeps the public topics in DuckDB; ``jobpeak-tap report`` charts them;
``jobpeak-tap item-stats`` turns the restricted item responses into content-free statistics.

Per-item results of certification attempts are restricted: ``consume --item-statistics`` adds
them, for whoever runs the item-statistics job with its principal; keep that store apart."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from jobpeak_tap.consume import TapOptions, tap
from jobpeak_tap.funnel import Scope, build_funnel
from jobpeak_tap.itemstats_cli import add_item_stats_parser, item_stats
from jobpeak_tap.itemstats_public import published_statistics, without_statistics
from jobpeak_tap.parquet import export_parquet
from jobpeak_tap.report import write_report
from jobpeak_tap.store import TapStore
from jobpeak_tap.topics import RestrictedTopicError, topics_to_read


def _utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobpeak-tap", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path(".cache/tap/events.duckdb"))
    commands = parser.add_subparsers(dest="command", required=True)
    consume = commands.add_parser("consume", help="read the public topics into the store")
    consume.add_argument("--bootstrap", default="127.0.0.1:19092")
    consume.add_argument("--topic", action="append", help="a public topic (default: all)")
    consume.add_argument("--topic-prefix", default="")
    consume.add_argument(
        "--live", action="store_true", help="partitions new to this store start at the end"
    )
    consume.add_argument(
        "--idle-seconds", type=float, default=5.0, help="stop after this long without records"
    )
    consume.add_argument("--follow", action="store_true", help="never stop; Ctrl-C to end")
    consume.add_argument("--parquet", type=Path, help="also export typed Parquet to this folder")
    consume.add_argument(
        "--item-statistics",
        action="store_true",
        help="also read the restricted per-item results (item-statistics principal only)",
    )
    report = commands.add_parser("report", help="funnel charts (PNG) and an HTML page")
    report.add_argument("--out", type=Path, default=Path(".cache/tap/report"))
    report.add_argument("--specialty", help="one specialty's slug (default: all)")
    report.add_argument("--since", type=_utc, help="first event time included (ISO 8601)")
    report.add_argument("--until", type=_utc, help="first event time excluded (ISO 8601)")
    report.add_argument(
        "--include-synthetic",
        action="store_true",
        help="count demo, test and load traffic too (left out by default)",
    )
    add_item_stats_parser(commands)
    return parser


def _consume(args: argparse.Namespace, store: TapStore) -> int:
    try:
        topics = topics_to_read(args.topic, item_statistics=args.item_statistics)
    except RestrictedTopicError as error:
        print(f"jobpeak-tap: {error}", file=sys.stderr)
        return 2
    options = TapOptions(
        bootstrap=args.bootstrap,
        topics=topics,
        topic_prefix=args.topic_prefix,
        from_beginning=not args.live,
        idle_seconds=None if args.follow else args.idle_seconds,
    )
    result = asyncio.run(tap(options, store))
    print(
        f"stored {result.stored} new events ({result.duplicates} already kept, "
        f"{result.undecodable} undecodable); {store.count()} in {args.db}"
    )
    if args.parquet:
        for path in export_parquet(store.connection, args.parquet):
            print(f"parquet: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "item-stats":
        return item_stats(args)
    store = TapStore(args.db)
    try:
        if args.command == "consume":
            return _consume(args, store)
        scope = Scope(specialty=args.specialty, since=args.since, until=args.until)
        events = list(store.events(include_synthetic=args.include_synthetic))
        statistics = published_statistics(events)
        funnel = build_funnel(without_statistics(events), scope=scope)
        page = write_report(funnel, args.out, statistics=statistics)
        print(f"report: {page}")
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
