"""HTTP access to a running platform: one client per service, dev tokens, the webhook secret.

:class:`PlatformClient` is built from a devstack :class:`~jobpeak_devstack.platform.Platform`
(``make up``'s or a test's private one): it knows each service's URL, signs development tokens
with the platform's JWT secret exactly as the services verify them, and holds the Stripe webhook
secret billing checks signatures with. Every response can be handed to a :class:`ResponseLog`,
which is how the end-to-end test inspects every body the platform sent.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from jobpeak_devstack.platform import Platform
from jobpeak_runtime.auth import Role, TokenIssuer
from jobpeak_runtime.pseudonyms import Pseudonyms
from jobpeak_runtime.settings import ServiceSettings
from jobpeak_runtime.synthetic import SYNTHETIC_TRAFFIC

ResponseHook = Callable[[httpx.Response], Awaitable[None]]


class StepRefused(RuntimeError):
    """A service answered a journey step with an error status."""

    def __init__(self, step: str, response: httpx.Response) -> None:
        self.step = step
        self.status_code = response.status_code
        self.body = response.text
        super().__init__(
            f"{step}: {response.request.method} {response.request.url} answered "
            f"{response.status_code}: {response.text[:500]}"
        )


@dataclass(frozen=True)
class Caller:
    """Someone using the APIs: the pseudonymous id the platform knows them by (derived from
    their token's ``sub``, which never reaches the platform), a role and the bearer token."""

    subject: str
    role: Role
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class RecordedResponse:
    method: str
    url: str
    status_code: int
    body: Any
    """The decoded JSON body, or the raw text when it is not JSON."""


@dataclass
class ResponseLog:
    """Every response of every service, body included, in the order they arrived."""

    responses: list[RecordedResponse] = field(default_factory=list)

    async def record(self, response: httpx.Response) -> None:
        await response.aread()
        try:
            body: Any = response.json()
        except ValueError:
            body = response.text
        self.responses.append(
            RecordedResponse(
                method=response.request.method,
                url=str(response.request.url),
                status_code=response.status_code,
                body=body,
            )
        )


def platform_settings(platform: Platform) -> ServiceSettings:
    """The settings the platform gives its services, as the runtime reads them.

    They share one JWT secret and one candidate id key; reading them through the runtime's own
    settings class applies the development-only rules here too.
    """
    catalog = platform.layout.service("catalog")
    values = {
        name.removeprefix(catalog.env_prefix).lower(): value
        for name, value in platform.service_environment(catalog).items()
    }
    return ServiceSettings.model_validate({**values, "service_name": "journey"})


SAFE_ATTEMPTS = 3
"""How often :meth:`PlatformClient.send` sends a repeatable request whose connection was lost."""


class PlatformClient:
    def __init__(
        self,
        *,
        http: dict[str, httpx.AsyncClient],
        issuer: TokenIssuer,
        pseudonyms: Pseudonyms,
        stripe_webhook_secret: str,
    ) -> None:
        self._http = http
        self._issuer = issuer
        self._pseudonyms = pseudonyms
        self.stripe_webhook_secret = stripe_webhook_secret

    @classmethod
    @asynccontextmanager
    async def connect(
        cls,
        platform: Platform,
        *,
        on_response: ResponseHook | None = None,
        timeout_seconds: float = 30.0,
    ) -> AsyncIterator[PlatformClient]:
        hooks: dict[str, list[Any]] = {"response": [on_response] if on_response else []}
        clients = {
            service.name: httpx.AsyncClient(
                base_url=service.url,
                timeout=timeout_seconds,
                event_hooks=hooks,
                headers=SYNTHETIC_TRAFFIC,  # the demo and tests are not real users
            )
            for service in platform.layout.services
        }
        try:
            settings = platform_settings(platform)
            yield cls(
                http=clients,
                issuer=TokenIssuer.from_settings(settings),
                pseudonyms=Pseudonyms.from_settings(settings),
                stripe_webhook_secret=platform.stripe_webhook_secret,
            )
        finally:
            for client in clients.values():
                await client.aclose()

    def caller(self, role: Role, subject: str | None = None) -> Caller:
        """A caller whose token carries ``subject`` (a fresh UUID unless given) as its ``sub``."""
        subject = subject or str(uuid.uuid4())
        return Caller(
            subject=self._pseudonyms.id_of(subject),
            role=role,
            token=self._issuer.issue(subject=subject, role=role),
        )

    async def send(
        self,
        step: str,
        service: str,
        method: str,
        path: str,
        *,
        caller: Caller | None = None,
        json: Any = None,
        content: str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request; a non-2xx answer raises :class:`StepRefused` naming the step.

        A request that is safe to repeat (a GET, or a write carrying an ``Idempotency-Key``,
        which the platform answers once and replays) is sent again when its connection is lost,
        up to :data:`SAFE_ATTEMPTS` times: a replica killed between a response's head and its
        body leaves the client a truncated answer the load balancer can no longer retry. Any
        other write is never sent twice.
        """
        repeatable = method == "GET" or "Idempotency-Key" in (headers or {})
        for attempt in range(1, SAFE_ATTEMPTS + 1):
            try:
                response = await self._http[service].request(
                    method,
                    path,
                    json=json,
                    content=content,
                    params=params,
                    headers={**(caller.headers if caller else {}), **(headers or {})},
                )
                break
            except httpx.TransportError:
                if not repeatable or attempt == SAFE_ATTEMPTS:
                    raise
        if response.is_error:
            raise StepRefused(step, response)
        return response
