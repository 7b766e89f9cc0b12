"""Print a bearer token for local development (refused outside development).

::

    python -m jobpeak_runtime.devtoken --env-prefix JOBPEAK_CATALOG_ --role admin --subject ops-1

The JWT settings (secret, issuer, audience, algorithms) are read from the environment with the
given service prefix, exactly as that service reads them. The token goes to stdout; the id the
services will know its holder by (derived from the subject) goes to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.pseudonyms import candidate_id_for
from jobpeak_runtime.settings import ServiceSettings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m jobpeak_runtime.devtoken")
    parser.add_argument("--env-prefix", required=True, help="e.g. JOBPEAK_CATALOG_")
    parser.add_argument("--role", required=True, choices=[role.value for role in Role])
    parser.add_argument("--subject", required=True, help="user id (a candidate id for candidates)")
    parser.add_argument("--ttl-minutes", type=int, default=60)
    arguments = parser.parse_args(argv)

    settings = ServiceSettings(_env_prefix=arguments.env_prefix, service_name="devtoken")
    if settings.environment != "development":
        parser.error(f"refusing to issue tokens in environment {settings.environment!r}")
    issuer = TokenIssuer.from_settings(settings)
    print(
        issuer.issue(
            subject=arguments.subject,
            role=Role(arguments.role),
            ttl=dt.timedelta(minutes=arguments.ttl_minutes),
        )
    )
    known_as = candidate_id_for(arguments.subject, settings=settings)
    print(f"the services know the holder as {known_as}", file=sys.stderr)


if __name__ == "__main__":
    main()
