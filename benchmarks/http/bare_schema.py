"""The bare app's tables and its synthetic 150-question bank (same formats as Coding's)."""

from __future__ import annotations

from typing import Any

PRACTICE_ITEMS = 15  # Coding's practice blueprint: 12 domain + 3 behavioural

FORMATS = ("single_choice", "multiple_select", "faulty_lines", "true_false")
KEYS: dict[str, dict[str, Any]] = {
    "single_choice": {"choice": "B"},
    "multiple_select": {"choices": ["A", "C"]},
    "faulty_lines": {"lines": [3]},
    "true_false": {"value": True},
}
BANK: list[dict[str, Any]] = [
    {
        "id": f"q-{n:03d}",
        "format": FORMATS[n % 4],
        "stem": f"Question {n}: which line of this snippet is wrong?",
        "key": KEYS[FORMATS[n % 4]],
    }
    for n in range(150)
]

SCHEMA = """
CREATE TABLE attempts (
    id uuid PRIMARY KEY, candidate_id text NOT NULL, specialty_slug text NOT NULL,
    kind text NOT NULL, idempotency_key text NOT NULL, draw jsonb NOT NULL,
    started_at timestamptz NOT NULL DEFAULT now(), submitted_at timestamptz, score double precision,
    UNIQUE (candidate_id, idempotency_key)
);
CREATE TABLE responses (
    attempt_id uuid NOT NULL REFERENCES attempts (id), question_id text NOT NULL,
    response jsonb NOT NULL, PRIMARY KEY (attempt_id, question_id)
);
CREATE TABLE orders (
    id uuid PRIMARY KEY, candidate_id text NOT NULL, specialty_slug text NOT NULL,
    amount_minor integer NOT NULL, session_id text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE works (
    id uuid PRIMARY KEY, client_id text NOT NULL, specialty_slug text NOT NULL,
    seats integer NOT NULL, rate_minor integer NOT NULL, starts_at timestamptz NOT NULL,
    posted_at timestamptz NOT NULL
);
CREATE TABLE outbox (
    id bigserial PRIMARY KEY, topic text NOT NULL, key bytea, headers jsonb NOT NULL,
    value bytea NOT NULL, event_id text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
"""
