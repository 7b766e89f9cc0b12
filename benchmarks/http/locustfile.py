"""B7's load: one candidate's practice and checkout, and one client's posted work, per iteration.

Run by ``http_bench.py`` (``locust --headless``); every ``Journey`` user sends one iteration
(start, an answer to every item, submit, checkout, post work) per ``BENCH_PACING_SECONDS`` (so
the offered rate is users / pacing iterations per second), each iteration as a fresh candidate.
``AttemptStarts`` users only start practice attempts, as fast as answers come back
(``BENCH_PACING_SECONDS=0``) or paced.
The target's three base URLs and the JWT settings come from ``BENCH_*`` variables; tokens are
signed here with the same secret the services check. Every request is marked synthetic
(``Jobpeak-Synthetic: 1``): its events stay out of analysts' reports.
"""

from __future__ import annotations

import itertools
import os
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from jobpeak_runtime.synthetic import SYNTHETIC_TRAFFIC
from locust import HttpUser, constant, constant_pacing, task
from locust.contrib.fasthttp import FastHttpUser

CANDIDATES = itertools.count()


def answer_for(item: dict[str, Any]) -> dict[str, Any]:
    """A well-formed (not necessarily right) answer to a served item, from its own options."""
    labels = [option["label"] for option in item.get("options") or []]
    match item["format"]:
        case "single_choice":
            return {"choice": labels[0]}
        case "multiple_select":
            return {"choices": labels[:2]}
        case "faulty_lines":
            return {"lines": [1]}
        case _:
            return {"value": True}


def _token(subject: str, role: str) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "role": role,
        "iss": os.environ["BENCH_JWT_ISSUER"],
        "aud": os.environ["BENCH_JWT_AUDIENCE"],
        "iat": now,
        "exp": now + timedelta(hours=1),
    }
    return jwt.encode(claims, os.environ["BENCH_JWT_SECRET"], algorithm="HS256")


class Journey(HttpUser):
    wait_time = constant_pacing(float(os.environ.get("BENCH_PACING_SECONDS", "5")))
    host = os.environ.get("BENCH_TESTING_URL", "http://127.0.0.1")

    def on_start(self) -> None:
        self.client.headers.update(SYNTHETIC_TRAFFIC)
        self.testing = os.environ["BENCH_TESTING_URL"]
        self.billing = os.environ["BENCH_BILLING_URL"]
        self.matching = os.environ["BENCH_MATCHING_URL"]
        self.client_auth = {"Authorization": f"Bearer {_token('bench-client-0001', 'client')}"}
        self.run_name = os.environ.get("BENCH_RUN", "run")

    @task
    def iteration(self) -> None:
        candidate = f"bench-{self.run_name}-{next(CANDIDATES):07d}"
        auth = {"Authorization": f"Bearer {_token(candidate, 'candidate')}"}
        started = self.client.post(
            f"{self.testing}/attempts",
            json={"specialty_slug": "coding", "kind": "practice"},
            headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
            name="start attempt",
        )
        if started.status_code == 201:
            attempt = started.json()
            for item in attempt["items"]:  # a practice submission needs every item answered
                self.client.put(
                    f"{self.testing}/attempts/{attempt['attempt_id']}/responses/"
                    f"{item['question_id']}",
                    json={"response": answer_for(item)},
                    headers=auth,
                    name="answer",
                )
            self.client.post(
                f"{self.testing}/attempts/{attempt['attempt_id']}/submission",
                headers=auth,
                name="submit",
            )
        self.client.post(
            f"{self.billing}/checkout",
            json={"specialty_slug": "coding"},
            headers={**auth, "Idempotency-Key": str(uuid.uuid4())},
            name="checkout",
        )
        self.client.post(
            f"{self.matching}/work",
            json={
                "specialty_slug": "coding",
                "required_languages": ["Python"],
                "hourly_rate": {"amount_minor": 9000, "currency": "USD"},
                "seats": 1,
                "starts_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            },
            headers={**self.client_auth, "Idempotency-Key": str(uuid.uuid4())},
            name="post work",
        )


class AttemptStarts(FastHttpUser):
    """Only the testing service's hot path: start a practice attempt as a fresh candidate."""

    wait_time = (
        constant_pacing(float(os.environ.get("BENCH_PACING_SECONDS", "0")))
        if float(os.environ.get("BENCH_PACING_SECONDS", "0")) > 0
        else constant(0)
    )
    host = os.environ.get("BENCH_TESTING_URL", "http://127.0.0.1")

    @task
    def start_attempt(self) -> None:
        candidate = f"bench-{os.environ.get('BENCH_RUN', 'run')}-{next(CANDIDATES):07d}"
        self.client.post(
            "/attempts",
            json={"specialty_slug": "coding", "kind": "practice"},
            headers={
                **SYNTHETIC_TRAFFIC,
                "Authorization": f"Bearer {_token(candidate, 'candidate')}",
                "Idempotency-Key": str(uuid.uuid4()),
            },
            name="start attempt",
        )
