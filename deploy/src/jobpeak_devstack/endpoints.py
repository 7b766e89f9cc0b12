"""Resolve the test infrastructure: environment first, then testcontainers, then the local stack."""

from __future__ import annotations

import os
from contextlib import ExitStack

from jobpeak_devstack.containers import docker_answers, start_containers
from jobpeak_devstack.stack import Endpoints, LocalStack

ENV_KAFKA = "JOBPEAK_TEST_KAFKA_BOOTSTRAP"
ENV_POSTGRES = "JOBPEAK_TEST_POSTGRES_URL"
ENV_STRIPE = "JOBPEAK_TEST_STRIPE_API_BASE"


def planned_origin() -> str:
    """Where :func:`resolve_endpoints` will take the infrastructure from (for the report header)."""
    if any(os.environ.get(name) for name in (ENV_KAFKA, ENV_POSTGRES, ENV_STRIPE)):
        return "environment"
    if os.environ.get("JOBPEAK_TEST_USE_CONTAINERS", "auto") != "never" and docker_answers():
        return "testcontainers"
    return "local stack"


def resolve_endpoints(stack: ExitStack) -> tuple[Endpoints, str]:
    """The endpoints to test against and where they came from (for the test report header)."""
    origin = planned_origin()
    if origin == "environment":
        given = [os.environ.get(name) for name in (ENV_KAFKA, ENV_POSTGRES, ENV_STRIPE)]
        missing = [
            n for n, v in zip((ENV_KAFKA, ENV_POSTGRES, ENV_STRIPE), given, strict=True) if not v
        ]
        if missing:
            raise RuntimeError(
                f"set all three test endpoints or none; missing: {', '.join(missing)}"
            )
        kafka, postgres, stripe = (value or "" for value in given)
        return Endpoints(kafka, postgres, stripe), origin
    if origin == "testcontainers":
        return start_containers(stack), origin
    return LocalStack().up(), origin
