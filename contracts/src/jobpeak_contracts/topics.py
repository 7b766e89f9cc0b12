"""The typed registry of Kafka topics (DESIGN.md section 4).

A topic's name carries its major version: a breaking change to an event is a new event version on
a new topic, never an in-place edit. Every event on a topic is keyed by the same payload field, so
all events about one candidate (or one specialty, question, work item) stay in order on one
partition.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

DEAD_LETTER_SUFFIX = ".dlq"


class Visibility(StrEnum):
    """Who may read a topic."""

    PUBLIC = "public"
    """Any analyst or service; pseudonymous ids only, no personal data or question content."""
    RESTRICTED = "restricted"
    """Named principals only: the question bank, with answer keys, is for testing alone; the
    per-item results of certification attempts are for the item-statistics job alone."""


@dataclass(frozen=True)
class Topic:
    name: str
    key_field: str
    visibility: Visibility
    compacted: bool
    description: str

    def qualified_name(self, prefix: str = "") -> str:
        """The name on the broker once a deployment's or a test's topic prefix is applied."""
        return f"{prefix}{self.name}"

    @property
    def dead_letter_name(self) -> str:
        return dead_letter_topic_name(self.name)


def dead_letter_topic_name(name: str) -> str:
    """The dead-letter topic of ``name`` (which may already carry a prefix)."""
    return f"{name}{DEAD_LETTER_SUFFIX}"


CATALOG_SPECIALTIES = Topic(
    name="catalog.specialties.v1",
    key_field="specialty_slug",
    visibility=Visibility.PUBLIC,
    compacted=True,
    description=(
        "Latest published snapshot of every specialty (tier, rate ceiling, languages, blueprints, "
        "fee, match SLA, bank version), or its retirement. Compacted: the last record per "
        "specialty is its current state."
    ),
)
CATALOG_QUESTION_BANK = Topic(
    name="catalog.question-bank.v1",
    key_field="question_id",
    visibility=Visibility.RESTRICTED,
    compacted=True,
    description=(
        "Question content with answer keys, for the testing service only. Compacted: the last "
        "record per question is its current version or its retirement."
    ),
)
BILLING_PAYMENTS = Topic(
    name="billing.payments.v1",
    key_field="candidate_id",
    visibility=Visibility.PUBLIC,
    compacted=False,
    description="Checkout, capture, failure and refund of certification fees, per candidate.",
)
TESTING_ATTEMPTS = Topic(
    name="testing.attempts.v1",
    key_field="candidate_id",
    visibility=Visibility.PUBLIC,
    compacted=False,
    description=(
        "Practice and certification attempts: started, completed, passed, failed, voided. "
        "Attempt-level results only; per-item correctness moved to the restricted "
        "testing.item-responses.v1 (records of the retired ItemResponsesRecorded v1 written "
        "before the move stay decodable)."
    ),
)
TESTING_ITEM_RESPONSES = Topic(
    name="testing.item-responses.v1",
    key_field="specialty_slug",
    visibility=Visibility.RESTRICTED,
    compacted=False,
    description=(
        "Per-item correct/incorrect of graded certification attempts (question ids, no content) "
        "and exposure-cap alerts, for the item-statistics job only: each flag is one bit of a "
        "certification answer key. Keyed by specialty so one reader sees a bank's items in order."
    ),
)
MATCHING_WORK = Topic(
    name="matching.work.v1",
    key_field="work_id",
    visibility=Visibility.PUBLIC,
    compacted=False,
    description="Review work posted by clients and its closing.",
)
MATCHING_MATCHES = Topic(
    name="matching.matches.v1",
    key_field="candidate_id",
    visibility=Visibility.PUBLIC,
    compacted=False,
    description=(
        "Qualified reviewers entering the pool, offers and their outcome, and breaches of the "
        "match SLA, per candidate."
    ),
)
ANALYTICS_ITEM_STATISTICS = Topic(
    name="analytics.item-statistics.v1",
    key_field="statistics_id",
    visibility=Visibility.PUBLIC,
    compacted=True,
    description=(
        "Classical statistics of certification items and forms, computed by the item-statistics "
        "job from the restricted per-item results: per item version n, proportion correct, "
        "point-biserial discrimination, exposure and review flags (suppressed below a minimum "
        "n); per form KR-20 and the standard error of measurement at the pass mark. Labels and "
        "numbers only, never a stem, an option, a key or anything per candidate. Compacted: the "
        "last record per item or form is its current statistics."
    ),
)

ALL_TOPICS: tuple[Topic, ...] = (
    CATALOG_SPECIALTIES,
    CATALOG_QUESTION_BANK,
    BILLING_PAYMENTS,
    TESTING_ATTEMPTS,
    TESTING_ITEM_RESPONSES,
    MATCHING_WORK,
    MATCHING_MATCHES,
    ANALYTICS_ITEM_STATISTICS,
)


def topic_named(name: str) -> Topic:
    """The registered topic called ``name`` (unprefixed); ``KeyError`` if there is none."""
    for topic in ALL_TOPICS:
        if topic.name == name:
            return topic
    raise KeyError(f"no topic named {name!r}; known: {[t.name for t in ALL_TOPICS]}")
