"""Schema migrations: a service's own Alembic versions plus the runtime's branch, in one history.

A service keeps only a ``migrations/versions`` directory (its first revision has
``down_revision = None`` and its own branch label); the environment and the outbox/inbox branch
come from here. ``upgrade heads`` brings both branches up to date.

Command line (for authors of migrations)::

    python -m jobpeak_runtime.migrate --database-url URL \\
        --versions services/x/migrations/versions upgrade
    python -m jobpeak_runtime.migrate --database-url URL --versions DIR \\
        --metadata jobpeak_x.db:metadata revision -m "add orders"
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import os
from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, MetaData
from sqlalchemy.ext.asyncio import create_async_engine

from jobpeak_runtime.db import runtime_metadata

RUNTIME_MIGRATIONS = Path(__file__).parent / "migrations"


def service_migrations(package: Path) -> Path:
    """The Alembic versions of the service whose package directory is ``package``.

    They live in ``services/<name>/migrations/versions`` beside ``src/`` and the wheel ships them
    inside the package (``force-include``), so an installed service finds them there and a source
    checkout (an editable install) beside its sources.
    """
    packaged = package / "migrations" / "versions"
    if packaged.is_dir():
        return packaged
    return package.resolve().parents[1] / "migrations" / "versions"


def alembic_config(
    *, service_versions: Path | None, target_metadata: MetaData | None = None
) -> Config:
    """An Alembic configuration covering the runtime's branch and ``service_versions``."""
    config = Config()
    config.set_main_option("script_location", str(RUNTIME_MIGRATIONS))
    config.set_main_option("path_separator", "os")
    locations = [RUNTIME_MIGRATIONS / "versions"]
    if service_versions is not None:
        if not service_versions.is_dir():
            raise FileNotFoundError(f"service migrations directory {service_versions} is missing")
        locations.append(service_versions)
    config.set_main_option("version_locations", os.pathsep.join(str(p) for p in locations))
    if target_metadata is not None:
        # The runtime's tables are listed too, so autogenerate never proposes dropping them.
        config.attributes["target_metadata"] = [runtime_metadata, target_metadata]
    return config


async def run_migrations(*, database_url: str, service_versions: Path | None) -> None:
    """Upgrade the database at ``database_url`` to every head (runtime's and service's)."""
    config = alembic_config(service_versions=service_versions)
    await _run_with_connection(database_url, config, lambda: command.upgrade(config, "heads"))


async def _run_with_connection(
    database_url: str, config: Config, action: Callable[[], None]
) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:

            def run(sync_connection: Connection) -> None:
                config.attributes["connection"] = sync_connection
                action()

            await connection.run_sync(run)
    finally:
        await engine.dispose()


def _load_metadata(reference: str) -> MetaData:
    module_name, _, attribute = reference.partition(":")
    metadata = getattr(importlib.import_module(module_name), attribute)
    if not isinstance(metadata, MetaData):
        raise TypeError(f"{reference} is not a sqlalchemy MetaData")
    return metadata


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jobpeak_runtime.migrate")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--versions", type=Path, required=True, help="service versions dir")
    parser.add_argument("--metadata", help="module:attribute of the service's MetaData")
    actions = parser.add_subparsers(dest="action", required=True)
    actions.add_parser("upgrade")
    revision = actions.add_parser("revision")
    revision.add_argument("-m", "--message", required=True)
    revision.add_argument("--branch-label", help="only for a service's first revision")
    revision.add_argument("--head", default=None, help="e.g. catalog@head")
    arguments = parser.parse_args(argv)

    metadata = _load_metadata(arguments.metadata) if arguments.metadata else None
    config = alembic_config(service_versions=arguments.versions, target_metadata=metadata)

    def act() -> None:
        if arguments.action == "upgrade":
            command.upgrade(config, "heads")
            return
        command.revision(
            config,
            message=arguments.message,
            autogenerate=metadata is not None,
            head=arguments.head or ("base" if arguments.branch_label else "head"),
            branch_label=arguments.branch_label,
            version_path=str(arguments.versions),
        )

    asyncio.run(_run_with_connection(arguments.database_url, config, act))


if __name__ == "__main__":
    main()
