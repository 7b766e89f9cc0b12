"""One valid instance of every event, with plausible values for the Coding specialty.

For documentation, contract tests and benchmarks: every id here is made up, and the one question
is a toy.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import UUID

from jobpeak_contracts.blueprints import (
    BlueprintKind,
)
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    AttemptVoided,
    CertificationItemResponse,
    CheckoutStarted,
    FormStatisticsPublished,
    ItemExposureCapReached,
    ItemResponse,
    ItemResponsesRecorded,
    ItemResponsesRecordedV2,
    ItemStatisticsPublished,
    MatchAccepted,
    MatchDeclined,
    MatchOffered,
    MatchSlaBreached,
    OfferExpired,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    PracticeTestCompleted,
    QuestionPublished,
    QuestionRetired,
    RefundReason,
    ReviewerQualified,
    SpecialtyPublished,
    SpecialtyRetired,
    TestFailed,
    TestPassed,
    TestStarted,
    VoidReason,
    WorkClosed,
    WorkCloseReason,
    WorkPosted,
)
from jobpeak_contracts.example_blueprints import FEE, certification_blueprint, practice_blueprint
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Difficulty, Option, Section, SingleChoiceQuestion

NOW = datetime(2025, 6, 1, 9, 30, tzinfo=UTC)
CANDIDATE = "3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"
CLIENT = "a7c9e1f3-2b4d-4f6a-8c0e-1d3f5b7a9c2e"
ATTEMPT = UUID("0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f")
ORDER = UUID("5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b")
WORK = UUID("8c0e2a4c-6e8a-4c1e-8a3c-5e7a9c1e3a5c")
OFFER = UUID("2d4f6b8d-0f2b-4d6f-8b0d-2f4b6d8f0b2d")
RATE = Money(amount_minor=8500, currency="USD")
RESPONSE_LABELS: tuple[dict[str, object], ...] = (
    {"question_version": 1, "section": "domain", "difficulty": "easy", "topic": "debugging"}
    | {"language": "Python"},
    {"question_version": 2, "section": "domain", "difficulty": "medium", "topic": "idioms"}
    | {"language": "JavaScript"},
)


def question() -> SingleChoiceQuestion:
    return SingleChoiceQuestion(
        id="cod-py-bug-001",
        version=1,
        specialty="coding",
        section=Section.DOMAIN,
        difficulty=Difficulty.EASY,
        topic="debugging",
        language="python",
        stem="Which line raises on an empty list?",
        code="def first(xs):\n    return xs[0]\n",
        explanation="Indexing an empty list raises IndexError.",
        options=[Option(id="a", text="line 1"), Option(id="b", text="line 2")],
        answer="b",
    )


def _graded(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "attempt_id": ATTEMPT,
        "candidate_id": CANDIDATE,
        "specialty_slug": "coding",
        "attempt_number": 1,
        "blueprint_version": 1,
        "bank_version": 3,
        "total_score": 0.8125,
        "domain_score": 0.8,
        "behavioural_score": 0.85,
        "pass_mark": 0.78,
        "graded_at": NOW,
    }
    values.update(overrides)
    return values


def example_events() -> tuple[Event, ...]:
    """A valid instance of every event class, in ``ALL_EVENTS`` order."""
    offer = {
        "offer_id": OFFER,
        "work_id": WORK,
        "candidate_id": CANDIDATE,
        "specialty_slug": "coding",
    }
    responses = (
        ItemResponse(question_id="cod-py-bug-001", correct=True),
        ItemResponse(question_id="cod-js-idiom-014", correct=False),
    )
    statistics = {"specialty_slug": "coding", "bank_version": 3, "pool": "certification"}
    statistics |= {"min_n": 30, "computed_at": NOW}
    order = {
        "order_id": ORDER,
        "candidate_id": CANDIDATE,
        "specialty_slug": "coding",
        "amount": FEE,
    }
    return (
        SpecialtyPublished(
            specialty_slug="coding",
            revision=1,
            name="Coding",
            tier="Coding",
            hourly_rate_ceiling=Money(amount_minor=10000, currency="USD"),
            languages=("Python", "JavaScript", "TypeScript", "Go", "Rust", "Java", "C++", "SQL"),
            topics=("language fundamentals", "debugging", "code review", "AI-output evaluation"),
            practice_blueprint=practice_blueprint(),
            certification_blueprint=certification_blueprint(),
            match_sla_days=7,
            bank_version=3,
            bank_question_count=150,
            published_at=NOW,
        ),
        SpecialtyRetired(specialty_slug="coding", revision=2, retired_at=NOW),
        QuestionPublished(
            question_id="cod-py-bug-001",
            specialty_slug="coding",
            bank_version=3,
            question=question(),
            published_at=NOW,
        ),
        QuestionRetired(
            question_id="cod-py-bug-001", specialty_slug="coding", bank_version=4, retired_at=NOW
        ),
        CheckoutStarted(**order, checkout_session_id="cs_test_a1B2c3", started_at=NOW),
        PaymentCaptured(
            **order,
            checkout_session_id="cs_test_a1B2c3",
            payment_intent_id="pi_3NkLmN2eZvKYlo2C",
            captured_at=NOW,
        ),
        PaymentFailed(
            **order,
            checkout_session_id="cs_test_a1B2c3",
            payment_intent_id=None,
            failure_code="card_declined",
            failed_at=NOW,
        ),
        PaymentRefunded(
            **order,
            payment_intent_id="pi_3NkLmN2eZvKYlo2C",
            refund_id="re_3NkLmN2eZvKYlo2C",
            reason=RefundReason.ATTEMPT_VOIDED,
            refunded_at=NOW,
        ),
        TestStarted(
            attempt_id=ATTEMPT,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            kind=BlueprintKind.CERTIFICATION,
            order_id=ORDER,
            attempt_number=1,
            blueprint_version=1,
            bank_version=3,
            question_count=60,
            started_at=NOW,
        ),
        PracticeTestCompleted.model_validate(_graded(total_score=0.5)),
        TestPassed.model_validate(_graded(order_id=ORDER)),
        TestFailed.model_validate(_graded(order_id=ORDER, total_score=0.7)),
        ItemResponsesRecorded(
            attempt_id=ATTEMPT,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            kind=BlueprintKind.CERTIFICATION,
            bank_version=3,
            responses=responses,
            recorded_at=NOW,
        ),
        AttemptVoided(
            attempt_id=ATTEMPT,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            order_id=ORDER,
            reason=VoidReason.SPECIALTY_RETIRED,
            voided_at=NOW,
        ),
        ItemResponsesRecordedV2(
            attempt_id=ATTEMPT,
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            blueprint_version=1,
            bank_version=3,
            responses=tuple(
                CertificationItemResponse(**entry.model_dump(), **labels)
                for entry, labels in zip(responses, RESPONSE_LABELS, strict=True)
            ),
            recorded_at=NOW,
        ),
        ItemExposureCapReached(
            specialty_slug="coding",
            question_id="cod-py-bug-001",
            bank_version=3,
            served_count=400,
            cap=400,
            reached_at=NOW,
        ),
        WorkPosted(
            work_id=WORK,
            client_id=CLIENT,
            specialty_slug="coding",
            required_languages=("Python", "SQL"),
            hourly_rate=RATE,
            seats=3,
            starts_at=NOW + timedelta(days=2),
            posted_at=NOW,
        ),
        WorkClosed(
            work_id=WORK,
            client_id=CLIENT,
            specialty_slug="coding",
            reason=WorkCloseReason.FILLED,
            seats_filled=3,
            closed_at=NOW,
        ),
        ReviewerQualified(
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            attempt_id=ATTEMPT,
            score=0.8125,
            qualified_at=NOW,
            due_by=NOW + timedelta(days=7),
        ),
        MatchOffered(
            **offer, hourly_rate=RATE, offered_at=NOW, expires_at=NOW + timedelta(hours=48)
        ),
        MatchAccepted(**offer, accepted_at=NOW),
        MatchDeclined(**offer, declined_at=NOW),
        OfferExpired(**offer, expires_at=NOW),
        MatchSlaBreached(
            candidate_id=CANDIDATE,
            specialty_slug="coding",
            qualified_at=NOW - timedelta(days=7),
            due_by=NOW,
            detected_at=NOW,
        ),
        ItemStatisticsPublished(
            statistics_id="item:coding:3:cod-py-bug-001",
            **statistics,
            question_id="cod-py-bug-001",
            question_version=1,
            section=Section.DOMAIN,
            difficulty=Difficulty.EASY,
            question_topic="debugging",
            language="Python",
            n=42,
            suppressed=False,
            p_value=0.64,
            point_biserial=0.31,
            exposure_count=57,
            flags=(),
        ),
        FormStatisticsPublished(
            statistics_id="form:coding:3",
            **statistics,
            attempts=64,
            items_per_attempt=60.0,
            mean_score=44.2,
            sd_score=6.1,
            kr20=0.82,
            sem_items=2.59,
            sem_share=0.043,
            pass_mark=0.78,
            sem_at_cut_items=3.24,
            sem_at_cut_share=0.054,
        ),
    )
