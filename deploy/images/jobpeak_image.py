"""What a service image runs: the ASGI app factory and the one-shot migration.

Installed as a top-level module in every service image; ``JOBPEAK_SERVICE`` (set by the image)
names the service. Every service package has ``app.build_app`` and ``settings.<Name>Settings``.

- ``uvicorn --factory jobpeak_image:app``: the service, settings from the environment;
- ``python -m jobpeak_image migrate``: upgrade the service's database to this release's schema.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from jobpeak_runtime.migrate import run_migrations, service_migrations


def _service() -> str:
    return os.environ["JOBPEAK_SERVICE"]


def _settings() -> Any:
    service = _service()
    module = importlib.import_module(f"jobpeak_{service}.settings")
    return getattr(module, f"{service.capitalize()}Settings")()


def app() -> FastAPI:
    """The service's app (uvicorn calls this once per worker)."""
    module = importlib.import_module(f"jobpeak_{_service()}.app")
    built: FastAPI = module.build_app(_settings())
    return built


def migrate() -> None:
    package = importlib.import_module(f"jobpeak_{_service()}")
    versions = service_migrations(Path(str(package.__file__)).parent)
    asyncio.run(run_migrations(database_url=_settings().database_url, service_versions=versions))
    print(f"jobpeak-{_service()}: database at the latest schema")


if __name__ == "__main__":
    if sys.argv[1:] != ["migrate"]:
        sys.exit("usage: python -m jobpeak_image migrate")
    migrate()
