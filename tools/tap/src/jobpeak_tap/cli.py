"""``jobpeak-tap consume`` keeps the public topics in DuckDB; ``jobpeak-tap report`` charts them."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from jobpeak_tap.consume import TapOptions, tap
from jobpeak_tap.funnel import build_funnel
from jobpeak_tap.report import write_report
from jobpeak_tap.store import TapStore
from jobpeak_tap.topics import RestrictedTopicError, topics_to_read


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobpeak-tap", description=__doc__)
    parser.add_argument("--db", type=Path, default=Path(".cache/tap/events.duckdb"))
    commands = parser.add_subparsers(dest="command", required=True)
    consume = commands.add_parser("consume", help="read the public topics into the store")
    consume.add_argument("--bootstrap", default="127.0.0.1:19092")
    consume.add_argument("--group-id", default="jobpeak-analysts-tap")
    consume.add_argument("--topic", action="append", help="a public topic (default: all)")
    consume.add_argument("--topic-prefix", default="")
    consume.add_argument("--live", action="store_true", help="start at the end, not the start")
    consume.add_argument(
        "--idle-seconds", type=float, default=5.0, help="stop after this long without records"
    )
    consume.add_argument("--follow", action="store_true", help="never stop; Ctrl-C to end")
    consume.add_argument("--parquet", type=Path, help="also export the store to this folder")
    report = commands.add_parser("report", help="funnel charts (PNG) and an HTML page")
    report.add_argument("--out", type=Path, default=Path(".cache/tap/report"))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    store = TapStore(args.db)
    try:
        if args.command == "consume":
            try:
                topics = topics_to_read(args.topic)
            except RestrictedTopicError as error:
                print(f"jobpeak-tap: {error}", file=sys.stderr)
                return 2
            options = TapOptions(
                bootstrap=args.bootstrap,
                topics=topics,
                group_id=args.group_id,
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
                print(f"parquet: {store.export_parquet(args.parquet)}")
            return 0
        page = write_report(build_funnel(store.events()), args.out)
        print(f"report: {page}")
        return 0
    finally:
        store.close()


if __name__ == "__main__":
    sys.exit(main())
