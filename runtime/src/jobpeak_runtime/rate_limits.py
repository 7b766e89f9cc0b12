"""Callers are rate-limited at the edge: 429 problem details with ``Retry-After``.

Every request belongs to a route class and a caller:

- the **caller** is the subject of a valid bearer token (a candidate, client or admin id), else
  the client address: a token cannot be rotated to escape its subject's limit, and an invalid
  one counts against the address it came from;
- the **class** is ``webhook`` for the unauthenticated webhook paths (counted per client address
  whatever token they carry), ``read`` for GET/HEAD/OPTIONS, ``create`` for POST (what starts
  an attempt or opens an order) and ``update`` for PUT/PATCH/DELETE (answering a question);
  ``by_route`` adds limits of its own to one route (``"POST /checkout": "10/minute"``), counted
  on top of the class limit.

Limits are strings of the ``limits`` library (``"120/minute;1200/hour"``), counted in a moving
window in this process's memory. Behind a load balancer each replica counts on its own, so the
effective limit of a service is up to the limit times the replicas: approximate, by design (ADR 16).
Health, readiness, metrics, schemas and the API documents are never limited.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from limits import RateLimitItem
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Receive, Scope, Send

from jobpeak_runtime.auth import InvalidToken, TokenVerifier, verify_once
from jobpeak_runtime.http import HttpMiddleware
from jobpeak_runtime.logging import get_logger
from jobpeak_runtime.path_patterns import path_pattern
from jobpeak_runtime.problems import problem_response
from jobpeak_runtime.rate_limit_rules import RateRule, parse_limits, route_rule
from jobpeak_runtime.settings import ServiceSettings

_log = get_logger(__name__)


SubjectOf = Callable[[str, MutableMapping[str, Any]], str | None]
"""Maps a bearer token to the subject it proves, or ``None`` when it proves nothing; what it
verified is kept in the request's ``scope`` for the route (one check per request)."""


UNLIMITED_PATHS = ("/healthz", "/readyz", "/metrics", "/schemas", "/docs", "/openapi.json")
"""Prefixes of the paths no limit applies to (probes, scrapes and documents)."""

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CREATE_METHODS = frozenset({"POST"})


@dataclass(frozen=True)
class RateLimitPolicy:
    """What is limited, how much; built from a service's settings."""

    reads: str
    creates: str
    updates: str
    webhooks: str
    webhook_paths: Sequence[str] = ("/webhooks/*",)
    by_route: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RateLimits:
    """What :func:`~jobpeak_runtime.edge.install_problem_details` needs to limit callers."""

    policy: RateLimitPolicy
    subject_of: SubjectOf
    on_limited: Callable[[str], None] | None = None


class RateLimitMiddleware(HttpMiddleware):
    def __init__(
        self,
        app: ASGIApp,
        *,
        policy: RateLimitPolicy,
        subject_of: SubjectOf,
        on_limited: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(app)
        self._subject_of = subject_of
        self._on_limited = on_limited
        self._limiter = MovingWindowRateLimiter(MemoryStorage())
        self._reads = RateRule("read", parse_limits(policy.reads))
        self._creates = RateRule("create", parse_limits(policy.creates))
        self._updates = RateRule("update", parse_limits(policy.updates))
        self._webhooks = RateRule("webhook", parse_limits(policy.webhooks))
        self._webhook_paths = [path_pattern(path) for path in policy.webhook_paths]
        self._by_route = [route_rule(route, limits) for route, limits in policy.by_route.items()]

    def rules_for(self, method: str, path: str) -> list[RateRule]:
        """The limits a ``method path`` request counts against (none for probes and documents)."""
        if path.startswith(UNLIMITED_PATHS):
            return []
        if any(pattern.fullmatch(path) for pattern in self._webhook_paths):
            return [self._webhooks]
        rules = [self._class_of(method)]
        rules += [route.rule for route in self._by_route if route.applies_to(method, path)]
        return rules

    def _class_of(self, method: str) -> RateRule:
        if method in _READ_METHODS:
            return self._reads
        return self._creates if method in _CREATE_METHODS else self._updates

    def caller_of(self, scope: Scope, rule: RateRule) -> str:
        """``subject:<id>`` for a valid bearer token (never for webhooks), else ``address:<ip>``."""
        if rule is not self._webhooks:
            for name, value in scope.get("headers", ()):
                if name == b"authorization" and value[:7].lower() == b"bearer ":
                    subject = self._subject_of(value[7:].decode("latin-1").strip(), scope)
                    if subject is not None:
                        return f"subject:{subject}"
        client = scope.get("client")
        return f"address:{client[0] if client else 'unknown'}"

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Count the request against every limit it falls under, unless one is exhausted: a
        refused request uses up nothing."""
        counted = []
        for rule in self.rules_for(scope["method"], scope["path"]):
            caller = self.caller_of(scope, rule)  # one token check per rule, not per window
            counted += [(rule, item, caller) for item in rule.items]
        for rule, item, caller in counted:
            if not await self._limiter.test(item, rule.bucket, caller):
                await self._refuse(scope, receive, send, rule=rule, item=item, caller=caller)
                return
        for rule, item, caller in counted:
            await self._limiter.hit(item, rule.bucket, caller)
        await self._app(scope, receive, send)

    async def _refuse(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        *,
        rule: RateRule,
        item: RateLimitItem,
        caller: str,
    ) -> None:
        stats = await self._limiter.get_window_stats(item, rule.bucket, caller)
        retry_after = max(1, math.ceil(stats.reset_time - time.time()))
        _log.info("rate limited", route_class=rule.bucket, limit=str(item), path=scope["path"])
        if self._on_limited is not None:
            self._on_limited(rule.bucket)
        response = problem_response(
            status=429,
            title="Too many requests",
            type_slug="rate-limited",
            detail=f"more than {item} {rule.bucket} requests from this caller; "
            f"retry after {retry_after} s",
            headers={"Retry-After": str(retry_after)},
        )
        await response(scope, receive, send)


def subject_verified_by(verifier: TokenVerifier) -> SubjectOf:
    """The subject of a token ``verifier`` accepts; ``None`` for any other token."""

    def subject_of(token: str, scope: MutableMapping[str, Any]) -> str | None:
        try:
            return verify_once(verifier, token, scope=scope).subject
        except InvalidToken:
            return None

    return subject_of


def rate_limits_from_settings(
    settings: ServiceSettings,
    *,
    verifier: TokenVerifier,
    on_limited: Callable[[str], None] | None = None,
) -> RateLimits | None:
    """The rate limits ``settings`` ask for (``None`` when ``rate_limits_enabled`` is off)."""
    if not settings.rate_limits_enabled:
        return None

    policy = RateLimitPolicy(
        reads=settings.rate_limit_reads,
        creates=settings.rate_limit_creates,
        updates=settings.rate_limit_updates,
        webhooks=settings.rate_limit_webhooks,
        webhook_paths=settings.rate_limit_webhook_paths,
        by_route=settings.rate_limit_routes,
    )
    return RateLimits(
        policy=policy, subject_of=subject_verified_by(verifier), on_limited=on_limited
    )
