"""Schemathesis against a running service: seeded, bounded, every response checked.

Hypothesis draws the cases in a worker thread (it is synchronous); each request is sent on the
event loop the service runs on, through its ASGI app, and the response is validated by
Schemathesis's checks against the service's own OpenAPI document. Every operation is exercised
in positive mode (data the schema allows) and negative mode (data it forbids), with a token of
each role drawn alongside, so authorisation paths are hit as well.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, reject, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from jobpeak_runtime.auth import Role
from schemathesis import APIOperation, BaseSchema, GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.generation.case import Case
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hostile.running import RunningService

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, negative_data_rejection]

Sender = Callable[[dict[str, Any]], Coroutine[Any, Any, httpx.Response]]


@dataclass
class Tally:
    """What the run sent and got back."""

    statuses: Counter[int] = field(default_factory=Counter)
    by_operation: Counter[str] = field(default_factory=Counter)
    failures: dict[str, str] = field(default_factory=dict)
    """Per operation and mode, the first check that failed (Schemathesis's own report)."""
    nothing_to_negate: list[str] = field(default_factory=list)
    """Operations without an input a negative case could break (e.g. ``GET /healthz``)."""

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


def _sender(service: RunningService) -> Sender:
    async def send(kwargs: dict[str, Any]) -> httpx.Response:
        body: dict[str, Any] = {}
        if "json" in kwargs:
            body["json"] = kwargs["json"]
        elif kwargs.get("data") is not None:
            data = kwargs["data"]
            body["content"] = data.encode() if isinstance(data, str) else data
        headers = dict(kwargs.get("headers") or {})
        if kwargs.get("cookies"):
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in kwargs["cookies"].items())
        return await service.http.request(
            kwargs["method"], kwargs["url"], params=kwargs.get("params"), headers=headers, **body
        )

    return send


@dataclass(frozen=True)
class _Target:
    service: RunningService
    loop: asyncio.AbstractEventLoop
    send: Sender
    tokens: dict[Role, str]
    max_examples: int
    tally: Tally


def _exercise(
    target: _Target, operation: APIOperation[Any, Any, Any, Any], mode: GenerationMode
) -> None:
    checks = NEGATIVE_CHECKS if mode is GenerationMode.NEGATIVE else CHECKS
    name = f"{operation.method.upper()} {operation.path}"
    base_url = str(target.service.http.base_url)

    @settings(
        max_examples=target.max_examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), role=st.sampled_from([None, *Role]))
    def exercise(case: Case[Any], role: Role | None) -> None:
        auth = {} if role is None else {"Authorization": f"Bearer {target.tokens[role]}"}
        try:
            kwargs = case.as_transport_kwargs(base_url=base_url, headers=auth)
            sent = asyncio.run_coroutine_threadsafe(target.send(kwargs), target.loop)
            response = sent.result(60)
        except (httpx.InvalidURL, httpx.LocalProtocolError, UnicodeEncodeError, ValueError):
            reject()  # a request no HTTP client can send never reaches a server
        target.tally.statuses[response.status_code] += 1
        target.tally.by_operation[name] += 1
        case.validate_response(
            response, checks=checks, headers=kwargs["headers"], transport_kwargs=kwargs
        )

    exercise()


def _operations(schema: BaseSchema) -> list[APIOperation[Any, Any, Any, Any]]:
    """Every operation of the document, in a stable order; a broken one fails the run."""
    found = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        found.append(result.ok())
    return sorted(found, key=lambda operation: (operation.path, operation.method))


def fuzz(
    service: RunningService,
    *,
    loop: asyncio.AbstractEventLoop,
    max_examples: int,
) -> Tally:
    """Run every operation of ``service``'s OpenAPI (blocking: call it in a worker thread)."""
    schema = schemathesis.openapi.from_dict(service.app.openapi())
    # Tokens are ours (one per role, or none); unknown query parameters are ignored by design
    # (HTTP APIs evolve by adding them), so neither is generated as "negative" data.
    schema.config.generation.update(with_security_parameters=False, allow_extra_parameters=False)
    target = _Target(
        service=service,
        loop=loop,
        send=_sender(service),
        tokens={role: service.token(role) for role in Role},
        max_examples=max_examples,
        tally=Tally(),
    )
    for operation in _operations(schema):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            where = f"{operation.method.upper()} {operation.path} ({mode.value})"
            try:
                _exercise(target, operation, mode)
            except Unsatisfiable:
                target.tally.nothing_to_negate.append(where)
            except (AssertionError, FailureGroup) as failure:
                target.tally.failures[where] = str(failure)
    return target.tally
