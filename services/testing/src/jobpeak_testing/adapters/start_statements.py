"""The two statements of an attempt start: its checks, and its attempt with its items.

A start used to ask six questions one statement at a time (is an attempt of this key stored, is
one in progress, the graded history, how many attempts, which items were seen, the practice
starts of the day); each paid a round trip and SQLAlchemy's statement machinery, and together
they were most of a start's cost. They are independent reads of the candidate's own rows, so one
statement of scalar sub-queries answers them all from one snapshot, taken after the advisory
lock (READ COMMITTED takes a snapshot per statement: it sees every start committed before the
lock was granted); the same statement reads the specialty under its share lock and the bank's
fingerprint, reads the start would otherwise make one round trip each. The attempt and its items
are one INSERT too: the items ride along as one JSON array, where they were a second statement
executed row by row. Plain SQL text for the driver connection
(:mod:`jobpeak_testing.adapters.driver`): asyncpg prepares each once per connection.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from uuid import UUID

import asyncpg
from jobpeak_contracts.questions import Question

from jobpeak_testing.application.ports import StartChecks
from jobpeak_testing.domain.assembly import DrawnItem
from jobpeak_testing.domain.retakes import PastAttempt

START_CHECKS = """
    WITH own AS (
      SELECT attempt_id, kind, status, ended_at, passed FROM testing_attempts
      WHERE candidate_id = $1 AND specialty_slug = $2
    ),
    specialty AS (
      SELECT revision, updated_at, retired_at, snapshot::text AS snapshot
      FROM testing_specialties WHERE specialty_slug = $2
      FOR SHARE
    ),
    bank AS (
      SELECT coalesce(max(bank_version), 0) AS bank_version,
             coalesce(sum(bank_version), 0) AS version_sum,
             count(*) AS rows, count(*) FILTER (WHERE retired_at IS NULL) AS live,
             max(updated_at) AS last_update
      FROM testing_questions WHERE specialty_slug = $2
    )
    SELECT
      EXISTS (SELECT 1 FROM testing_attempts
              WHERE attempt_id = $3 AND candidate_id = $1) AS earlier,
      (SELECT attempt_id FROM own WHERE status = $4 LIMIT 1) AS in_progress,
      (SELECT count(*) FROM own WHERE kind = $5) AS attempts,
      ARRAY(SELECT ended_at FROM own WHERE kind = $5 AND status = $6
            ORDER BY ended_at, attempt_id) AS history_ended,
      ARRAY(SELECT passed FROM own WHERE kind = $5 AND status = $6
            ORDER BY ended_at, attempt_id) AS history_passed,
      ARRAY(SELECT DISTINCT item.question_id FROM testing_attempt_items AS item
            JOIN own USING (attempt_id)) AS seen,
      ARRAY(SELECT started_at FROM testing_attempts
            WHERE candidate_id = $1 AND kind = $7 AND started_at > $8) AS practice_starts,
      specialty.revision, specialty.updated_at, specialty.retired_at, specialty.snapshot, bank.*
    FROM bank LEFT JOIN specialty ON true
    """
"""Parameters: candidate, specialty, attempt id, the in-progress status, the start's kind, the
submitted status, the practice kind, the start of the practice window (``NULL``: none).

The row also carries the specialty's replica row, read under a share lock (a retirement waits
for the start, then voids its attempt; all columns null when there is no such specialty), and
its bank's fingerprint: the replicas take them from
:class:`~jobpeak_testing.adapters.replica_statements.StartReads` instead of asking again."""


ADD_ATTEMPT = """
    WITH attempt AS (
      INSERT INTO testing_attempts (
        attempt_id, candidate_id, specialty_slug, kind, status, order_id, attempt_number,
        blueprint, blueprint_version, bank_version, seed, start_key, started_at
      ) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      RETURNING attempt_id
    )
    INSERT INTO testing_attempt_items (attempt_id, position, question_id, question, option_order)
    SELECT attempt.attempt_id, item.position, item.question_id, item.question, item.option_order
    FROM attempt CROSS JOIN jsonb_to_recordset($14) AS item(
      "position" integer, question_id text, question jsonb, option_order jsonb
    )
    """
"""Parameters: the attempt's columns in order (the blueprint as JSON text), then its items as
one JSON array of objects with the item columns (:func:`items_json`)."""


def items_json(items: Iterable[DrawnItem], question_text: Callable[[Question], str]) -> str:
    """The JSON array :data:`ADD_ATTEMPT` reads the items from. ``question_text`` gives each
    question's stored JSON, already serialised (the bank cache keeps it beside the question)."""
    return (
        "["
        + ",".join(
            f'{{"position":{position},"question_id":{json.dumps(item.question_id)},'
            f'"question":{question_text(item.question)},'
            f'"option_order":{json.dumps(list(item.option_order))}}}'
            for position, item in enumerate(items)
        )
        + "]"
    )


def start_checks_of(row: asyncpg.Record) -> StartChecks:
    """The checks from the row :data:`START_CHECKS` answered."""
    in_progress = row["in_progress"]
    return StartChecks(
        earlier_exists=bool(row["earlier"]),
        in_progress=None if in_progress is None else UUID(bytes=in_progress.bytes),
        history=[
            PastAttempt(ended_at=ended_at, passed=bool(passed))
            for ended_at, passed in zip(row["history_ended"], row["history_passed"], strict=True)
        ],
        attempts=int(row["attempts"]),
        seen_question_ids=set(row["seen"]),
        practice_starts=list(row["practice_starts"]),
    )
