"""``jobpeak-devstack``: the local stack and the platform from the command line."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from jobpeak_devstack.platform import Platform
from jobpeak_devstack.port_checks import refuse_taken_ports
from jobpeak_devstack.stack import LocalStack


def _install(stack: LocalStack, _: argparse.Namespace) -> int:
    stack.kafka.install()
    stack.postgres.install()
    stack.stripe_mock.install()
    return 0


def _up(stack: LocalStack, _: argparse.Namespace) -> int:
    refuse_taken_ports(stack.port_needs())
    endpoints = stack.up()
    print(f"kafka        {endpoints.kafka_bootstrap}")
    print(f"postgres     {endpoints.postgres_admin_url}")
    print(f"stripe-mock  {endpoints.stripe_api_base}")
    return 0


def _down(stack: LocalStack, _: argparse.Namespace) -> int:
    stack.down()
    print("local stack stopped (data kept under .cache/stack)")
    return 0


def _status(stack: LocalStack, _: argparse.Namespace) -> int:
    states = stack.status()
    for name, state in states.items():
        print(f"{name:<12} {state}")
    return 0 if all(state.startswith("up") for state in states.values()) else 1


def _platform_up(stack: LocalStack, _: argparse.Namespace) -> int:
    platform = Platform.local(stack)
    refuse_taken_ports([*stack.port_needs(), *platform.port_needs()])
    print("[up] local stack: Kafka, PostgreSQL, stripe-mock (the first run downloads and builds)")
    stack.up()
    platform.up()
    print(platform.summary())
    return 0


def _platform_down(stack: LocalStack, _: argparse.Namespace) -> int:
    Platform.local(stack).down()
    stack.down()
    print("[down] local stack stopped (data kept under .cache/stack)")
    return 0


def _images(stack: LocalStack, _: argparse.Namespace) -> int:
    from jobpeak_devstack.service_images import (  # noqa: PLC0415 - needs the docker SDK
        build_platform_images,
    )

    started = time.monotonic()
    build_platform_images(stack)
    print(f"[images] all images ready in {time.monotonic() - started:.1f}s")
    return 0


def _cluster_up(_: LocalStack, __: argparse.Namespace) -> int:
    from jobpeak_devstack import cluster  # noqa: PLC0415 - needs the topology and an engine

    seconds = cluster.up()
    print(cluster.summary(seconds))
    return 0


def _cluster_down(_: LocalStack, __: argparse.Namespace) -> int:
    from jobpeak_devstack import cluster  # noqa: PLC0415

    cluster.down()
    print("[cluster] stopped and removed (images kept)")
    return 0


def _cluster_status(_: LocalStack, __: argparse.Namespace) -> int:
    from jobpeak_devstack import cluster  # noqa: PLC0415

    return cluster.status()


def _token(stack: LocalStack, args: argparse.Namespace) -> int:
    print(Platform.local(stack).token(role=args.role, subject=args.subject))
    return 0


COMMANDS: dict[str, Callable[[LocalStack, argparse.Namespace], int]] = {
    "install": _install,
    "up": _up,
    "down": _down,
    "status": _status,
    "platform-up": _platform_up,
    "platform-down": _platform_down,
    "token": _token,
    "images": _images,
    "cluster-up": _cluster_up,
    "cluster-down": _cluster_down,
    "cluster-status": _cluster_status,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="jobpeak-devstack", description=__doc__)
    parser.add_argument("command", choices=list(COMMANDS))
    parser.add_argument("--role", choices=["candidate", "client", "admin"], default="candidate")
    parser.add_argument("--subject", default="dev-candidate-1", help="the user id in a token")
    args = parser.parse_args(argv)
    return COMMANDS[args.command](LocalStack(), args)


if __name__ == "__main__":
    sys.exit(main())
