"""``jobpeak-devstack up|down|status|install``: the local stack from the command line."""

from __future__ import annotations

import argparse
import sys

from jobpeak_devstack.platform import Platform
from jobpeak_devstack.stack import LocalStack


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jobpeak-devstack", description=__doc__)
    parser.add_argument(
        "command", choices=["up", "down", "status", "install", "platform-up", "platform-down"]
    )
    args = parser.parse_args(argv)
    stack = LocalStack()
    if args.command == "platform-up":
        Platform(stack).up()
        return 0
    if args.command == "platform-down":
        Platform(stack).down()
        return 0
    if args.command == "install":
        stack.kafka.install()
        stack.postgres.install()
        stack.stripe_mock.install()
        return 0
    if args.command == "up":
        endpoints = stack.up()
        print(f"kafka        {endpoints.kafka_bootstrap}")
        print(f"postgres     {endpoints.postgres_admin_url}")
        print(f"stripe-mock  {endpoints.stripe_api_base}")
        return 0
    if args.command == "down":
        stack.down()
        print("local stack stopped (data kept under .cache/stack)")
        return 0
    states = stack.status()
    for name, state in states.items():
        print(f"{name:<12} {state}")
    return 0 if all(state.startswith("up") for state in states.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
