"""The runtime's migration creates exactly the tables ``jobpeak_runtime.db`` declares.

If they drifted, every service's ``revision --autogenerate`` would propose changes to the
runtime's tables, and someone would eventually apply one by hand.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from jobpeak_runtime.db import runtime_metadata
from jobpeak_runtime.migrate import run_migrations
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import create_async_engine

pytestmark = pytest.mark.integration


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, runtime_metadata))


async def test_autogenerate_sees_no_difference_in_the_runtime_tables(
    database_url: str, tmp_path: Path
) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()  # a service with no tables of its own: only the runtime branch applies
    await run_migrations(database_url=database_url, service_versions=versions)
    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            differences = await connection.run_sync(_differences)
    finally:
        await engine.dispose()
    assert differences == []
