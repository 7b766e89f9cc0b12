"""``python -m jobpeak_billing`` serves the API; ``python -m jobpeak_billing reconcile`` runs
one reconciliation pass and prints its report as JSON (exit status 1 if Stripe could not be asked
about some order)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from jobpeak_runtime.logging import configure_logging
from jobpeak_runtime.service import serve

from jobpeak_billing.app import build_app, reconcile_once
from jobpeak_billing.settings import BillingSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jobpeak_billing")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="serve the HTTP API and consume events (default)")
    commands.add_parser("reconcile", help="repair orders whose Stripe webhook never arrived")
    arguments = parser.parse_args(argv)
    settings = BillingSettings()  # required values come from the environment
    if arguments.command == "reconcile":
        configure_logging(level=settings.log_level, json=settings.log_json)
        report = asyncio.run(reconcile_once(settings))
        print(json.dumps(report.as_dict(), indent=2))
        sys.exit(1 if report.errors else 0)
    serve(build_app(settings))


if __name__ == "__main__":
    main()
