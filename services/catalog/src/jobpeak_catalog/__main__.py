"""``python -m jobpeak_catalog``: serve the API, or manage seed data from the command line.

::

    python -m jobpeak_catalog                       # serve (same as `serve`)
    python -m jobpeak_catalog import-bank DIR [--publish]
    python -m jobpeak_catalog publish SLUG
    python -m jobpeak_catalog retire SLUG
    python -m jobpeak_catalog specialty-schema      # JSON Schema of specialty.yaml

Settings come from ``JOBPEAK_CATALOG_*`` like the service's. Commands write events to the
outbox in the same transaction as the state; the relay of the running service publishes them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from jobpeak_runtime.clock import utc_now
from jobpeak_runtime.migrate import run_migrations, service_migrations
from jobpeak_runtime.service import serve
from jobpeak_runtime.uow import one_off_units_of_work

import jobpeak_catalog
from jobpeak_catalog.adapters.bankfiles import read_seed_directory
from jobpeak_catalog.adapters.unit_of_work import SqlCatalogUnitOfWork
from jobpeak_catalog.app import build_app
from jobpeak_catalog.application.errors import Conflict, NotFound
from jobpeak_catalog.application.ports import CatalogUnitOfWork
from jobpeak_catalog.application.publishing import publish_specialty, retire_specialty
from jobpeak_catalog.application.specialties import import_seed
from jobpeak_catalog.domain.problems import InvalidInput
from jobpeak_catalog.domain.specialty import SpecialtyDefinition
from jobpeak_catalog.settings import CatalogSettings

EXIT_REFUSED = 2


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jobpeak_catalog")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("serve", help="serve the HTTP API (the default)")
    seed = commands.add_parser("import-bank", help="import a seed directory")
    seed.add_argument("directory", type=Path, help="holds specialty.yaml and questions/*.yaml")
    seed.add_argument("--publish", action="store_true", help="publish in the same transaction")
    for name in ("publish", "retire"):
        commands.add_parser(name, help=f"{name} a specialty").add_argument("slug")
    commands.add_parser("specialty-schema", help="print the JSON Schema of specialty.yaml")
    arguments = parser.parse_args(argv)

    if arguments.command == "specialty-schema":
        print(json.dumps(SpecialtyDefinition.model_json_schema(), indent=2))
        return
    settings = CatalogSettings()
    if arguments.command in (None, "serve"):
        serve(build_app(settings))
        return
    try:
        print(asyncio.run(_in_unit_of_work(settings, _action(arguments))))
    except InvalidInput as invalid:
        print(f"refused, nothing was written ({len(invalid.problems)} problems):", file=sys.stderr)
        for problem in invalid.problems:
            print(f"  {problem}", file=sys.stderr)
        raise SystemExit(EXIT_REFUSED) from None
    except (NotFound, Conflict) as error:
        print(f"refused, nothing was written: {error}", file=sys.stderr)
        raise SystemExit(EXIT_REFUSED) from None


Action = Callable[[CatalogUnitOfWork], Awaitable[str]]


def _action(arguments: argparse.Namespace) -> Action:
    """What a data command does inside its unit of work; it returns a one-line summary."""
    if arguments.command == "import-bank":
        bundle = read_seed_directory(arguments.directory)

        async def import_and_maybe_publish(uow: CatalogUnitOfWork) -> str:
            report = await import_seed(uow=uow, bundle=bundle)
            versions = ", ".join(f"{k.value} v{v}" for k, v in report.blueprint_versions.items())
            summary = (
                f"{report.specialty}: {'created' if report.specialty_created else 'updated'};"
                f" blueprints {versions};"
                f" questions created {len(report.questions.created)},"
                f" updated {len(report.questions.updated)},"
                f" unchanged {len(report.questions.unchanged)}"
            )
            if arguments.publish:
                summary += "; " + await _publish(uow, report.specialty)
            return summary

        return import_and_maybe_publish
    if arguments.command == "publish":
        return lambda uow: _publish(uow, arguments.slug)

    async def retire(uow: CatalogUnitOfWork) -> str:
        revision = await retire_specialty(uow=uow, slug=arguments.slug, now=utc_now())
        return f"{arguments.slug}: retired at revision {revision}"

    return retire


async def _publish(uow: CatalogUnitOfWork, slug: str) -> str:
    outcome = await publish_specialty(uow=uow, slug=slug, now=utc_now())
    if not outcome.specialty_published:
        return f"{slug}: nothing changed since revision {outcome.revision}; nothing sent"
    return (
        f"{slug}: published revision {outcome.revision}, bank version {outcome.bank_version},"
        f" {len(outcome.published_question_ids)} questions published,"
        f" {len(outcome.retired_question_ids)} retired"
    )


async def _in_unit_of_work(
    settings: CatalogSettings, action: Callable[[CatalogUnitOfWork], Awaitable[str]]
) -> str:
    """Migrate, then run ``action`` in one unit of work and commit it."""
    await run_migrations(
        database_url=settings.database_url,
        service_versions=service_migrations(Path(jobpeak_catalog.__file__).parent),
    )
    async with (
        one_off_units_of_work(
            database_url=settings.database_url,
            topic_prefix=settings.topic_prefix,
            unit_of_work=SqlCatalogUnitOfWork,
        ) as factory,
        factory() as uow,
    ):
        summary = await action(uow)
        await uow.commit()
    return summary


if __name__ == "__main__":
    main()
