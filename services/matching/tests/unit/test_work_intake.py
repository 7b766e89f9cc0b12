"""Work intake: the rate ceiling, a live specialty, seats and the specialty's languages."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.work import (
    StartHorizon,
    WorkCloseReason,
    WorkItem,
    WorkRefused,
    WorkRequest,
    WorkStatus,
    close_work,
    take_work,
)

from services.matching.tests.builders import CODING, DAY, HOUR, MINUTE, SPECIALTIES, T0, work_id

pytestmark = pytest.mark.unit

HORIZON = StartHorizon(past_skew=5 * MINUTE, ahead=90 * DAY)

REQUEST = WorkRequest(
    client_id="client-0001",
    specialty_slug="coding",
    required_languages=("Python", "SQL"),
    hourly_rate=Money(8_500, "USD"),
    seats=3,
    starts_at=T0 + 24 * HOUR,
)


def take(
    request: WorkRequest,
    specialties: Mapping[str, SpecialtyTerms] = SPECIALTIES,
    *,
    name: str = "posted",
) -> WorkItem:
    return take_work(
        request=request,
        specialties=specialties,
        work_id=work_id(name),
        posted_at=T0,
        horizon=HORIZON,
    )


def refusal(
    request: WorkRequest, specialties: Mapping[str, SpecialtyTerms] = SPECIALTIES
) -> WorkRefused:
    with pytest.raises(WorkRefused) as caught:
        take(request, specialties)
    return caught.value


def test_work_within_the_ceiling_is_taken_open() -> None:
    item = take(REQUEST, name="a")
    assert item.status is WorkStatus.OPEN
    assert item.required_languages == frozenset({"Python", "SQL"})
    assert (item.seats, item.hourly_rate, item.posted_at) == (3, Money(8_500, "USD"), T0)


def test_a_rate_exactly_at_the_ceiling_is_taken() -> None:
    item = take(replace(REQUEST, hourly_rate=Money(10_000, "USD")), name="b")
    assert item.hourly_rate == Money(10_000, "USD")


def test_a_rate_above_the_ceiling_is_refused_naming_rate_and_ceiling() -> None:
    error = refusal(replace(REQUEST, hourly_rate=Money(10_001, "USD")))
    assert [p.field for p in error.problems] == ["hourly_rate"]
    assert str(error) == "hourly_rate: USD 100.01/hr exceeds the coding ceiling of USD 100.00/hr"


def test_a_rate_in_another_currency_is_refused_rather_than_converted() -> None:
    error = refusal(replace(REQUEST, hourly_rate=Money(5_000, "EUR")))
    assert "currency EUR differs from the coding ceiling's currency USD" in str(error)


def test_unknown_and_retired_specialties_take_no_work() -> None:
    assert "unknown specialty 'baking'" in str(refusal(replace(REQUEST, specialty_slug="baking")))
    retired = {"coding": replace(CODING, live=False)}
    assert "specialty 'coding' is retired, not live" in str(refusal(REQUEST, retired))


def test_seats_below_one_and_a_zero_rate_are_refused() -> None:
    error = refusal(replace(REQUEST, seats=0, hourly_rate=Money(0, "USD")))
    assert {p.field for p in error.problems} == {"seats", "hourly_rate"}


def test_languages_outside_the_specialty_are_refused_listing_the_allowed_ones() -> None:
    error = refusal(replace(REQUEST, required_languages=("Python", "COBOL")))
    assert str(error).startswith("required_languages: COBOL not among the coding languages (")
    assert "Python, Rust, SQL, TypeScript)" in str(error)


def test_languages_are_matched_case_insensitively_and_stored_as_the_catalog_spells_them() -> None:
    item = take(replace(REQUEST, required_languages=("python", " c++ ", "PYTHON")), name="c")
    assert item.required_languages == frozenset({"Python", "C++"})


def test_every_problem_is_reported_at_once() -> None:
    error = refusal(
        replace(REQUEST, seats=0, hourly_rate=Money(20_000, "USD"), required_languages=("Fortran",))
    )
    assert [p.field for p in error.problems] == ["seats", "hourly_rate", "required_languages"]


@given(amount=st.integers(1, 50_000))
def test_intake_takes_a_rate_exactly_when_it_is_within_the_ceiling(amount: int) -> None:
    request = replace(REQUEST, hourly_rate=Money(amount, "USD"))
    if amount <= CODING.hourly_rate_ceiling.amount_minor:
        assert take(request).hourly_rate.amount_minor == amount
    else:
        assert [p.field for p in refusal(request).problems] == ["hourly_rate"]


def test_closing_work_records_why_and_when_and_closing_again_changes_nothing() -> None:
    item = take(REQUEST, name="d")
    closed = close_work(work=item, reason=WorkCloseReason.FILLED, closed_at=T0 + HOUR)
    assert (closed.status, closed.close_reason, closed.closed_at) == (
        WorkStatus.CLOSED,
        WorkCloseReason.FILLED,
        T0 + HOUR,
    )
    assert (
        close_work(work=closed, reason=WorkCloseReason.CANCELLED, closed_at=T0 + 2 * HOUR) == closed
    )


@pytest.mark.parametrize(
    ("starts_at", "problem"),
    [
        (T0 - 6 * MINUTE, "is in the past"),
        (datetime(1970, 1, 1, tzinfo=UTC), "is in the past"),
        (T0 + 90 * DAY + MINUTE, "is more than 90 days ahead"),
        (datetime(9999, 12, 31, tzinfo=UTC), "is more than 90 days ahead"),
    ],
)
def test_work_must_start_within_the_horizon(starts_at: datetime, problem: str) -> None:
    error = refusal(replace(REQUEST, starts_at=starts_at))
    assert [p.field for p in error.problems] == ["starts_at"]
    assert problem in str(error)


@pytest.mark.parametrize("starts_at", [T0 - 4 * MINUTE, T0, T0 + 90 * DAY])
def test_work_starting_at_the_horizons_edges_is_taken(starts_at: datetime) -> None:
    assert take(replace(REQUEST, starts_at=starts_at)).starts_at == starts_at
