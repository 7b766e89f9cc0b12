"""A running catalog (real PostgreSQL and Kafka), an admin client, and its command line."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from asgi_lifespan import LifespanManager
from fastapi import FastAPI
from jobpeak_catalog.__main__ import main
from jobpeak_catalog.app import build_app
from jobpeak_catalog.settings import CatalogSettings
from jobpeak_contracts.topics import Topic
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.db import outbox_table
from jobpeak_runtime.service import ServiceRuntime
from jobpeak_runtime.testing import TopicEvent, read_events, wait_until_relayed
from pydantic import SecretStr
from sqlalchemy import func, select

TEST_JWT_SECRET = "catalog-integration-tests-3f9a1c7e5b2d4a6f8e0c"


@pytest.fixture
def catalog_settings(database_url: str, kafka_bootstrap: str, topic_prefix: str) -> CatalogSettings:
    return CatalogSettings(
        database_url=database_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        environment="test",
        jwt_secret=SecretStr(TEST_JWT_SECRET),
        outbox_poll_interval_seconds=0.1,
    )


@dataclass
class Catalog:
    """A running catalog service and clients for it."""

    app: FastAPI
    admin: httpx.AsyncClient
    anonymous: httpx.AsyncClient
    settings: CatalogSettings

    @property
    def runtime(self) -> ServiceRuntime:
        runtime: ServiceRuntime = self.app.state.runtime
        return runtime

    async def outbox_rows(self) -> int:
        async with self.runtime.engine.connect() as connection:
            count = await connection.scalar(select(func.count()).select_from(outbox_table))
        return int(count or 0)

    async def relayed(self) -> None:
        """Wait until the relay has sent every committed outbox row to Kafka."""
        await wait_until_relayed(self.runtime)

    async def read(self, topic: Topic) -> list[TopicEvent]:
        """Every record on the test's ``topic`` so far, decoded (call after ``relayed``)."""
        return await read_events(
            bootstrap=self.settings.kafka_bootstrap, topic=self.settings.topic_name(topic)
        )


@pytest.fixture
async def catalog(catalog_settings: CatalogSettings) -> AsyncIterator[Catalog]:
    app = build_app(catalog_settings)
    token = TokenIssuer.from_settings(catalog_settings).issue(subject="admin-1", role=Role.ADMIN)
    transport = httpx.ASGITransport(app=app)
    async with (
        LifespanManager(app, startup_timeout=60),
        httpx.AsyncClient(
            transport=transport,
            base_url="http://catalog",
            headers={"Authorization": f"Bearer {token}"},
        ) as admin,
        httpx.AsyncClient(transport=transport, base_url="http://catalog") as anonymous,
    ):
        yield Catalog(app=app, admin=admin, anonymous=anonymous, settings=catalog_settings)


SeedThroughApi = Callable[[Path], Any]


def _bank_files(directory: Path) -> list[Path]:
    """Every bank file of a seed directory, in its folder (questions, practice, reserve)."""
    return sorted(directory.glob("*/*.yaml"))


@pytest.fixture
def seed_through_api(catalog: Catalog) -> SeedThroughApi:
    """``await seed_through_api(directory)``: the admin API path for a seed directory.

    Creates the specialty from ``specialty.yaml``, puts both blueprints and imports every bank
    file of its ``questions/``, ``practice/`` and ``reserve/`` folders as it is (the folder named
    in the request), returning the specialty's slug.
    """

    async def seed(directory: Path) -> str:
        definition = yaml.safe_load((directory / "specialty.yaml").read_text(encoding="utf-8"))
        profile = {k: v for k, v in definition.items() if k not in ("practice", "certification")}
        slug = str(profile["slug"])
        response = await catalog.admin.post("/admin/specialties", json=profile)
        assert response.status_code == 201, response.text
        for kind in ("practice", "certification"):
            response = await catalog.admin.put(
                f"/admin/specialties/{slug}/blueprints/{kind}", json=definition[kind]
            )
            assert response.status_code == 200, response.text
        for path in _bank_files(directory):
            response = await catalog.admin.post(
                f"/admin/specialties/{slug}/bank-imports",
                params={"source": path.name, "folder": path.parent.name},
                content=path.read_bytes(),
                headers={"Content-Type": "application/yaml"},
            )
            assert response.status_code == 200, response.text
        return slug

    return seed


@dataclass(frozen=True)
class CommandResult:
    returncode: int
    stdout: str
    stderr: str


CatalogCommand = Callable[..., Any]


def command_environment(settings: CatalogSettings) -> dict[str, str]:
    """The ``JOBPEAK_CATALOG_*`` variables an operator would set for this catalog."""
    assert settings.jwt_secret is not None
    return {
        "JOBPEAK_CATALOG_DATABASE_URL": settings.database_url,
        "JOBPEAK_CATALOG_KAFKA_BOOTSTRAP": settings.kafka_bootstrap,
        "JOBPEAK_CATALOG_TOPIC_PREFIX": settings.topic_prefix,
        "JOBPEAK_CATALOG_ENVIRONMENT": settings.environment,
        "JOBPEAK_CATALOG_JWT_SECRET": settings.jwt_secret.get_secret_value(),
    }


@pytest.fixture
def catalog_command(
    catalog_settings: CatalogSettings, monkeypatch: pytest.MonkeyPatch
) -> CatalogCommand:
    """``await catalog_command("import-bank", DIR, "--publish")``: the command's ``main``.

    Runs in a worker thread (it has its own event loop) with the test's settings in the
    environment and its output captured; ``command_process`` runs the same as a child process.
    """

    async def run(*arguments: str) -> CommandResult:
        stdout, stderr = io.StringIO(), io.StringIO()
        with monkeypatch.context() as patch:
            for name, value in command_environment(catalog_settings).items():
                patch.setenv(name, value)
            with redirect_stdout(stdout), redirect_stderr(stderr):
                try:
                    await asyncio.to_thread(main, list(arguments))
                    code = 0
                except SystemExit as exit_:
                    code = int(exit_.code or 0)
        return CommandResult(code, stdout.getvalue(), stderr.getvalue())

    return run


@pytest.fixture
def command_process(catalog_settings: CatalogSettings) -> CatalogCommand:
    """``await command_process(...)``: ``python -m jobpeak_catalog ...`` as a child process."""

    async def run(*arguments: str) -> CommandResult:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "jobpeak_catalog",
            *arguments,
            env={**os.environ, **command_environment(catalog_settings)},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=180)
        assert process.returncode is not None
        return CommandResult(process.returncode, stdout.decode(), stderr.decode())

    return run
