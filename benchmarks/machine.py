"""The machine a report was measured on: cores, load, versions of everything in the path."""

from __future__ import annotations

import asyncio
import os
import platform
from dataclasses import dataclass, field
from importlib import metadata

import asyncpg
from jobpeak_devstack.config import KAFKA_VERSION, STRIPE_MOCK_VERSION

LIBRARIES = (
    "aiokafka", "asyncpg", "faststream", "fastapi", "starlette", "uvicorn", "sqlalchemy",
    "pydantic", "msgspec", "numpy", "scipy", "ortools", "locust",
)  # fmt: skip


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()


async def postgres_version(admin_dsn: str) -> str:
    try:
        connection = await asyncio.wait_for(asyncpg.connect(admin_dsn), timeout=5)
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        return f"unreachable ({type(error).__name__})"
    try:
        return str(await connection.fetchval("SHOW server_version"))
    finally:
        await connection.close()


def library_versions() -> dict[str, str]:
    versions = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


@dataclass
class Machine:
    cores: int
    cpu: str
    load_before: tuple[float, float, float]
    python: str
    kafka: str
    postgres: str
    stripe_mock: str
    libraries: dict[str, str]
    load_after: tuple[float, float, float] | None = None
    notes: list[str] = field(default_factory=list)

    @classmethod
    async def describe(cls, *, admin_dsn: str) -> Machine:
        return cls(
            cores=os.cpu_count() or 0,
            cpu=platform.processor() or platform.machine(),
            load_before=load_average(),
            python=platform.python_version(),
            kafka=f"{KAFKA_VERSION} (the local stack's pinned broker)",
            postgres=await postgres_version(admin_dsn),
            stripe_mock=STRIPE_MOCK_VERSION,
            libraries=library_versions(),
        )
