"""B7's baseline: the same five requests, written by hand with Starlette and asyncpg.

What a careful hand-written service on the same stack does for each request: check the bearer
token (PyJWT, same claims), validate the body, write the same rows in one transaction with the
same outbox row(s) the platform's services write, call stripe-mock for a checkout, answer JSON.
It does not publish the outbox (the platform's relay does that in the background): the rows are
written, which is the cost a request pays.

    uvicorn benchmarks.http.bare_app:create_app --factory --workers N
"""

from __future__ import annotations

import json
import os
import random
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import asyncpg
import httpx
import jwt
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from benchmarks.http.bare_schema import BANK, PRACTICE_ITEMS

FORMAT_ANSWERS = {
    "single_choice": lambda body: isinstance(body.get("choice"), str),
    "multiple_select": lambda body: isinstance(body.get("choices"), list),
    "faulty_lines": lambda body: isinstance(body.get("lines"), list),
    "true_false": lambda body: isinstance(body.get("value"), bool),
}


class Refused(Exception):
    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status


def _claims(request: Request, role: str) -> str:
    header = request.headers.get("authorization", "")
    if not header.startswith("Bearer "):
        raise Refused(401, "missing bearer token")
    config = request.app.state.config
    try:
        claims = jwt.decode(
            header.removeprefix("Bearer "),
            config["jwt_secret"],
            algorithms=["HS256"],
            audience=config["jwt_audience"],
            issuer=config["jwt_issuer"],
            options={"require": ["exp", "iss", "aud", "sub"]},
        )
    except jwt.PyJWTError as error:
        raise Refused(401, str(error)) from None
    if claims.get("role") != role:
        raise Refused(403, "wrong role")
    return str(claims["sub"])


async def _body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise Refused(422, "body is not JSON") from None
    if not isinstance(body, dict):
        raise Refused(422, "body is not an object")
    return body


def _outbox(topic: str, key: str, event_type: str, payload: dict[str, Any]) -> tuple[Any, ...]:
    event_id = str(uuid.uuid4())
    headers = {"ce_id": event_id, "ce_type": event_type, "ce_specversion": "1.0"}
    return (topic, key.encode(), json.dumps(headers), json.dumps(payload).encode(), event_id)


OUTBOX = (
    "INSERT INTO outbox (topic, key, headers, value, event_id) VALUES ($1, $2, $3::jsonb, $4, $5)"
)


async def start_attempt(request: Request) -> JSONResponse:
    candidate = _claims(request, "candidate")
    body = await _body(request)
    if body.get("kind") != "practice" or body.get("specialty_slug") != "coding":
        raise Refused(422, "only Coding practice here")
    attempt_id = uuid.uuid4()
    drawn = random.sample(BANK, PRACTICE_ITEMS)
    items = [
        {"position": n, "question_id": q["id"], "format": q["format"], "stem": q["stem"]}
        | (
            {"options": [{"label": o, "text": o} for o in "ABCD"]}
            if q["format"] in ("single_choice", "multiple_select")
            else {}
        )
        for n, q in enumerate(drawn)
    ]
    key = request.headers.get("idempotency-key") or str(attempt_id)
    async with request.app.state.pool.acquire() as connection, connection.transaction():
        await connection.execute(
            "INSERT INTO attempts (id, candidate_id, specialty_slug, kind, idempotency_key, draw)"
            " VALUES ($1, $2, 'coding', 'practice', $3, $4::jsonb)",
            attempt_id, candidate, key, json.dumps([q["id"] for q in drawn]),
        )  # fmt: skip
        await connection.execute(
            OUTBOX,
            *_outbox(
                "testing.attempts.v1", candidate, "TestStarted", {"attempt_id": str(attempt_id)}
            ),
        )
    return JSONResponse({"attempt_id": str(attempt_id), "items": items}, status_code=201)


async def answer(request: Request) -> JSONResponse:
    candidate = _claims(request, "candidate")
    body = await _body(request)
    response = body.get("response")
    attempt_id = request.path_params["attempt_id"]
    question_id = request.path_params["question_id"]
    question = request.app.state.by_id.get(question_id)
    if not isinstance(response, dict) or question is None:
        raise Refused(422, "bad response")
    if not FORMAT_ANSWERS[question["format"]](response):
        raise Refused(422, "response does not fit the format")
    async with request.app.state.pool.acquire() as connection, connection.transaction():
        owned = await connection.fetchval(
            "SELECT 1 FROM attempts WHERE id = $1 AND candidate_id = $2 AND submitted_at IS NULL"
            " FOR UPDATE",
            uuid.UUID(attempt_id), candidate,
        )  # fmt: skip
        if owned is None:
            raise Refused(404, "no such open attempt")
        count = await connection.fetchval(
            "WITH upsert AS (INSERT INTO responses (attempt_id, question_id, response)"
            " VALUES ($1, $2, $3::jsonb) ON CONFLICT (attempt_id, question_id)"
            " DO UPDATE SET response = excluded.response RETURNING 1)"
            " SELECT count(*) FROM responses WHERE attempt_id = $1",
            uuid.UUID(attempt_id), question_id, json.dumps(response),
        )  # fmt: skip
    return JSONResponse({"question_id": question_id, "answered_count": count})


async def submit(request: Request) -> JSONResponse:
    candidate = _claims(request, "candidate")
    attempt_id = uuid.UUID(request.path_params["attempt_id"])
    by_id = request.app.state.by_id
    async with request.app.state.pool.acquire() as connection, connection.transaction():
        draw = await connection.fetchval(
            "SELECT draw FROM attempts WHERE id = $1 AND candidate_id = $2 AND submitted_at IS NULL"
            " FOR UPDATE",
            attempt_id, candidate,
        )  # fmt: skip
        if draw is None:
            raise Refused(404, "no such open attempt")
        answers = {
            row["question_id"]: json.loads(row["response"])
            for row in await connection.fetch(
                "SELECT question_id, response FROM responses WHERE attempt_id = $1", attempt_id
            )
        }
        drawn = json.loads(draw)
        correct = [answers.get(q) == by_id[q]["key"] for q in drawn]
        score = sum(correct) / len(drawn)
        await connection.execute(
            "UPDATE attempts SET submitted_at = now(), score = $2 WHERE id = $1", attempt_id, score
        )
        payload = {"attempt_id": str(attempt_id), "total_score": score}
        await connection.execute(
            OUTBOX, *_outbox("testing.results.v1", candidate, "PracticeTestCompleted", payload)
        )
        responses = {
            "attempt_id": str(attempt_id),
            "correct": dict(zip(drawn, correct, strict=True)),
        }
        await connection.execute(
            OUTBOX, *_outbox("testing.responses.v1", candidate, "ItemResponsesRecorded", responses)
        )
    return JSONResponse(
        {"attempt_id": str(attempt_id), "total_score": score, "passed": score >= 0.78}
    )


async def checkout(request: Request) -> JSONResponse:
    candidate = _claims(request, "candidate")
    body = await _body(request)
    if body.get("specialty_slug") != "coding":
        raise Refused(422, "unknown specialty")
    order_id = uuid.uuid4()
    session = await request.app.state.stripe.post(
        "/v1/checkout/sessions",
        data={
            "mode": "payment",
            "line_items[0][quantity]": "1",
            "line_items[0][price_data][currency]": "usd",
            "line_items[0][price_data][unit_amount]": "2500",
            "line_items[0][price_data][product_data][name]": "Coding certification",
            "client_reference_id": str(order_id),
            "metadata[order_id]": str(order_id),
            "success_url": "http://127.0.0.1/success",
            "cancel_url": "http://127.0.0.1/cancel",
        },
    )
    if session.status_code != 200:
        raise Refused(502, "stripe refused")
    session_id = session.json()["id"]
    async with request.app.state.pool.acquire() as connection, connection.transaction():
        await connection.execute(
            "INSERT INTO orders (id, candidate_id, specialty_slug, amount_minor, session_id)"
            " VALUES ($1, $2, 'coding', 2500, $3)",
            order_id, candidate, session_id,
        )  # fmt: skip
        payload = {"order_id": str(order_id), "checkout_session_id": session_id}
        await connection.execute(
            OUTBOX, *_outbox("billing.payments.v1", candidate, "CheckoutStarted", payload)
        )
    return JSONResponse(
        {"order_id": str(order_id), "checkout_session_id": session_id, "checkout_url": ""},
        status_code=201,
    )


async def post_work(request: Request) -> JSONResponse:
    client = _claims(request, "client")
    body = await _body(request)
    rate = body.get("hourly_rate") or {}
    seats = body.get("seats")
    if body.get("specialty_slug") != "coding" or not isinstance(seats, int) or seats < 1:
        raise Refused(422, "bad work")
    if not isinstance(rate.get("amount_minor"), int) or rate["amount_minor"] > 10_000:
        raise Refused(422, "rate above the ceiling")
    starts_at = datetime.fromisoformat(str(body.get("starts_at")))
    work_id = uuid.uuid4()
    async with request.app.state.pool.acquire() as connection, connection.transaction():
        await connection.execute(
            "INSERT INTO works (id, client_id, specialty_slug, seats, rate_minor, starts_at,"
            " posted_at) VALUES ($1, $2, 'coding', $3, $4, $5, $6)",
            work_id, client, seats, rate["amount_minor"], starts_at, datetime.now(UTC),
        )  # fmt: skip
        await connection.execute(
            OUTBOX,
            *_outbox("matching.work.v1", str(work_id), "WorkPosted", {"work_id": str(work_id)}),
        )
    return JSONResponse({"work_id": str(work_id), "status": "open"}, status_code=201)


async def ready(request: Request) -> JSONResponse:
    async with request.app.state.pool.acquire() as connection:
        await connection.fetchval("SELECT 1")
    return JSONResponse({"status": "ready"})


def _refused(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Refused)
    return JSONResponse({"detail": str(error)}, status_code=error.status)


def create_app() -> Starlette:
    """Settings come from ``BENCH_BARE_*`` variables, read when the server starts."""
    config = {
        "dsn": os.environ["BENCH_BARE_DSN"],
        "jwt_secret": os.environ["BENCH_BARE_JWT_SECRET"],
        "jwt_issuer": os.environ["BENCH_BARE_JWT_ISSUER"],
        "jwt_audience": os.environ["BENCH_BARE_JWT_AUDIENCE"],
        "stripe": os.environ["BENCH_BARE_STRIPE_API_BASE"],
    }

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        app.state.config = config
        app.state.by_id = {q["id"]: q for q in BANK}
        app.state.pool = await asyncpg.create_pool(config["dsn"], min_size=2, max_size=10)
        app.state.stripe = httpx.AsyncClient(
            base_url=config["stripe"], auth=("sk_test_JobpeakLocalDevelopment", "")
        )
        try:
            yield
        finally:
            await app.state.stripe.aclose()
            await app.state.pool.close()

    return Starlette(
        routes=[
            Route("/attempts", start_attempt, methods=["POST"]),
            Route("/attempts/{attempt_id}/responses/{question_id}", answer, methods=["PUT"]),
            Route("/attempts/{attempt_id}/submission", submit, methods=["POST"]),
            Route("/checkout", checkout, methods=["POST"]),
            Route("/work", post_work, methods=["POST"]),
            Route("/readyz", ready, methods=["GET"]),
        ],
        exception_handlers={Refused: _refused},
        lifespan=lifespan,
    )
