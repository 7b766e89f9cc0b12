"""The two statements of an attempt start: its checks, and its attempt with its items.

A start used to ask six questions one statement at a time (is an attempt of this key stored, is
one in progress, the graded history, how many attempts, which items were seen, the practice
starts of the day); each paid a round trip and SQLAlchemy's statement machinery, and together
they were most of a start's cost. They are independent reads of the candidate's own rows, so one
statement of scalar sub-queries answers them all from one snapshot, taken after the advisory
lock (READ COMMITTED takes a snapshot per statement: it sees every start committed before the
lock was granted). The attempt and its items are one INSERT too: the items ride along as one
JSON array, where they were a second statement executed row by row. Plain SQL text: its cache
key is the string, nothing to compile per call.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, bindparam, text
from sqlalchemy.dialects.postgresql import JSONB

from jobpeak_testing.application.ports import StartChecks
from jobpeak_testing.domain.retakes import PastAttempt

START_CHECKS = text(
    """
    WITH own AS (
      SELECT attempt_id, kind, status, ended_at, passed FROM testing_attempts
      WHERE candidate_id = :candidate_id AND specialty_slug = :specialty_slug
    )
    SELECT
      EXISTS (SELECT 1 FROM testing_attempts
              WHERE attempt_id = :attempt_id AND candidate_id = :candidate_id) AS earlier,
      (SELECT attempt_id FROM own WHERE status = :in_progress LIMIT 1) AS in_progress,
      (SELECT count(*) FROM own WHERE kind = :kind) AS attempts,
      ARRAY(SELECT ended_at FROM own WHERE kind = :kind AND status = :submitted
            ORDER BY ended_at, attempt_id) AS history_ended,
      ARRAY(SELECT passed FROM own WHERE kind = :kind AND status = :submitted
            ORDER BY ended_at, attempt_id) AS history_passed,
      ARRAY(SELECT DISTINCT item.question_id FROM testing_attempt_items AS item
            JOIN own USING (attempt_id)) AS seen,
      ARRAY(SELECT started_at FROM testing_attempts
            WHERE candidate_id = :candidate_id AND kind = :practice
              AND started_at > :practice_since) AS practice_starts
    """
)


ADD_ATTEMPT = text(
    """
    WITH attempt AS (
      INSERT INTO testing_attempts (
        attempt_id, candidate_id, specialty_slug, kind, status, order_id, attempt_number,
        blueprint, blueprint_version, bank_version, seed, start_key, started_at
      ) VALUES (
        :attempt_id, :candidate_id, :specialty_slug, :kind, :status, :order_id, :attempt_number,
        :blueprint, :blueprint_version, :bank_version, :seed, :start_key, :started_at
      )
      RETURNING attempt_id
    )
    INSERT INTO testing_attempt_items (attempt_id, position, question_id, question, option_order)
    SELECT attempt.attempt_id, item.position, item.question_id, item.question, item.option_order
    FROM attempt CROSS JOIN jsonb_to_recordset(:items) AS item(
      "position" integer, question_id text, question jsonb, option_order jsonb
    )
    """
).bindparams(bindparam("blueprint", type_=JSONB), bindparam("items", type_=JSONB))
"""Parameters: the attempt's columns, and ``items``: one object per item with its columns."""


def start_checks_of(row: Row[Any]) -> StartChecks:
    """The checks from the row :data:`START_CHECKS` answered."""
    return StartChecks(
        earlier_exists=bool(row.earlier),
        in_progress=row.in_progress,
        history=[
            PastAttempt(ended_at=ended_at, passed=bool(passed))
            for ended_at, passed in zip(row.history_ended, row.history_passed, strict=True)
        ],
        attempts=int(row.attempts),
        seen_question_ids=set(row.seen),
        practice_starts=list(row.practice_starts),
    )
