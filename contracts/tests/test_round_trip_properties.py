"""Property-based round trips: whatever valid values an event holds, the wire gives them back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.envelope import EVENT_CLASSES, decode, encode
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    ItemResponse,
    ItemResponsesRecorded,
    MatchOffered,
    PaymentCaptured,
    TestFailed,
    TestPassed,
    WorkPosted,
)
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.money import Money
from pydantic import ValidationError

pytestmark = pytest.mark.unit

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None)

opaque_ids = st.from_regex(r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$", fullmatch=True)
slugs = st.from_regex(r"^[a-z0-9][a-z0-9-]{1,62}$", fullmatch=True)
question_ids = st.from_regex(r"^[a-z0-9][a-z0-9-]{2,63}$", fullmatch=True)
uuids = st.uuids()
offsets = st.integers(min_value=-(23 * 60 + 59), max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware_datetimes = st.datetimes(
    min_value=datetime(1971, 1, 1), max_value=datetime(2199, 12, 31), timezones=offsets
)
fractions = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)
money = st.builds(
    Money,
    amount_minor=st.integers(min_value=0, max_value=2**53),
    currency=st.from_regex(r"^[A-Z]{3}$", fullmatch=True),
)
versions = st.integers(min_value=1, max_value=10_000)
traceparents = st.from_regex(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$", fullmatch=True)
subjects = st.text(min_size=1, max_size=200)
prefixes = st.from_regex(r"^([a-z0-9]{1,8}\.)?$", fullmatch=True)


def _round_trip(event: Event) -> Event:
    record = encode(event)
    return decode(topic=record.topic, headers=record.headers, value=record.value).event


@PROPERTY_SETTINGS
@given(
    event=st.sampled_from(example_events()),
    event_id=uuids,
    moment=aware_datetimes,
    subject=st.none() | subjects,
    traceparent=st.none() | traceparents,
    prefix=prefixes,
)
def test_the_envelope_carries_any_valid_attributes(
    *,
    event: Event,
    event_id: UUID,
    moment: datetime,
    subject: str | None,
    traceparent: str | None,
    prefix: str,
) -> None:
    record = encode(
        event,
        event_id=event_id,
        time=moment,
        subject=subject,
        traceparent=traceparent,
        topic_prefix=prefix,
    )
    decoded = decode(topic=record.topic, headers=record.headers, value=record.value)

    assert decoded.event == event
    assert decoded.envelope.id == event_id
    assert decoded.envelope.time == moment
    assert decoded.envelope.time.tzinfo is UTC
    assert decoded.envelope.subject == subject
    assert decoded.envelope.traceparent == traceparent


@st.composite
def graded_attempts(draw: st.DrawFn, *, passed: bool) -> dict[str, object]:
    pass_mark = draw(st.floats(min_value=0.01, max_value=0.99))
    if passed:
        total = draw(st.floats(min_value=pass_mark, max_value=1.0))
    else:
        total = draw(st.floats(min_value=0.0, max_value=pass_mark, exclude_max=True))
    return {
        "attempt_id": draw(uuids),
        "candidate_id": draw(opaque_ids),
        "specialty_slug": draw(slugs),
        "order_id": draw(uuids),
        "attempt_number": draw(st.integers(min_value=1, max_value=1000)),
        "blueprint_version": draw(versions),
        "bank_version": draw(versions),
        "total_score": total,
        "domain_score": draw(fractions),
        "behavioural_score": draw(fractions),
        "pass_mark": pass_mark,
        "graded_at": draw(aware_datetimes),
    }


@PROPERTY_SETTINGS
@given(values=graded_attempts(passed=True))
def test_any_test_passed_round_trips(values: dict[str, object]) -> None:
    event = TestPassed.model_validate(values)

    assert _round_trip(event) == event


@PROPERTY_SETTINGS
@given(values=graded_attempts(passed=False))
def test_any_test_failed_round_trips(values: dict[str, object]) -> None:
    event = TestFailed.model_validate(values)

    assert _round_trip(event) == event


@PROPERTY_SETTINGS
@given(
    order_id=uuids,
    candidate_id=opaque_ids,
    specialty_slug=slugs,
    amount=money,
    checkout_session_id=st.from_regex(r"^cs_[A-Za-z0-9_]{1,60}$", fullmatch=True),
    payment_intent_id=st.from_regex(r"^pi_[A-Za-z0-9_]{1,60}$", fullmatch=True),
    captured_at=aware_datetimes,
)
def test_any_payment_captured_round_trips(
    *,
    order_id: UUID,
    candidate_id: str,
    specialty_slug: str,
    amount: Money,
    checkout_session_id: str,
    payment_intent_id: str,
    captured_at: datetime,
) -> None:
    event = PaymentCaptured(
        order_id=order_id,
        candidate_id=candidate_id,
        specialty_slug=specialty_slug,
        amount=amount,
        checkout_session_id=checkout_session_id,
        payment_intent_id=payment_intent_id,
        captured_at=captured_at,
    )

    decoded = _round_trip(event)

    assert decoded == event
    assert isinstance(decoded, PaymentCaptured)
    assert decoded.amount.amount_minor == amount.amount_minor


@PROPERTY_SETTINGS
@given(
    attempt_id=uuids,
    candidate_id=opaque_ids,
    kind=st.sampled_from(BlueprintKind),
    responses=st.lists(
        st.builds(ItemResponse, question_id=question_ids, correct=st.booleans()),
        min_size=1,
        max_size=60,
    ),
    recorded_at=aware_datetimes,
)
def test_any_item_responses_round_trip_in_order(
    *,
    attempt_id: UUID,
    candidate_id: str,
    kind: BlueprintKind,
    responses: list[ItemResponse],
    recorded_at: datetime,
) -> None:
    event = ItemResponsesRecorded(
        attempt_id=attempt_id,
        candidate_id=candidate_id,
        specialty_slug="coding",
        kind=kind,
        bank_version=1,
        responses=tuple(responses),
        recorded_at=recorded_at,
    )

    assert _round_trip(event) == event


@PROPERTY_SETTINGS
@given(
    work_id=uuids,
    client_id=opaque_ids,
    languages=st.lists(st.text(min_size=1, max_size=40), max_size=8),
    rate=money,
    seats=st.integers(min_value=1, max_value=10_000),
    starts_at=aware_datetimes,
    posted_at=aware_datetimes,
)
def test_any_work_posted_round_trips(
    *,
    work_id: UUID,
    client_id: str,
    languages: list[str],
    rate: Money,
    seats: int,
    starts_at: datetime,
    posted_at: datetime,
) -> None:
    event = WorkPosted(
        work_id=work_id,
        client_id=client_id,
        specialty_slug="coding",
        required_languages=tuple(languages),
        hourly_rate=rate,
        seats=seats,
        starts_at=starts_at,
        posted_at=posted_at,
    )

    assert _round_trip(event) == event


@PROPERTY_SETTINGS
@given(
    offered_at=aware_datetimes,
    lifetime=st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=30)),
)
def test_any_offer_window_round_trips(offered_at: datetime, lifetime: timedelta) -> None:
    event = MatchOffered(
        offer_id=UUID(int=1),
        work_id=UUID(int=2),
        candidate_id="3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d",
        specialty_slug="coding",
        hourly_rate=Money(amount_minor=8500, currency="USD"),
        offered_at=offered_at,
        expires_at=offered_at + lifetime,
    )

    decoded = _round_trip(event)

    assert decoded == event
    assert isinstance(decoded, MatchOffered)
    assert decoded.expires_at - decoded.offered_at == lifetime


@PROPERTY_SETTINGS
@given(moment=st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2199, 12, 31)))
def test_a_naive_timestamp_is_never_accepted(moment: datetime) -> None:
    with pytest.raises(ValidationError, match="naive"):
        MatchOffered(
            offer_id=UUID(int=1),
            work_id=UUID(int=2),
            candidate_id="3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d",
            specialty_slug="coding",
            hourly_rate=Money(amount_minor=8500, currency="USD"),
            offered_at=moment,
            expires_at=moment.replace(tzinfo=UTC) + timedelta(days=1),
        )


@PROPERTY_SETTINGS
@given(amount=st.integers(max_value=-1))
def test_a_negative_amount_is_never_money(amount: int) -> None:
    with pytest.raises(ValidationError, match="amount_minor"):
        Money(amount_minor=amount, currency="USD")


def test_every_event_class_is_covered_by_the_examples() -> None:
    assert {type(event) for event in example_events()} == set(EVENT_CLASSES)
