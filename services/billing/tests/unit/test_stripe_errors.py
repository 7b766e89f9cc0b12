"""Stripe's failures as billing reports them: retryable outages apart from refusals."""

from __future__ import annotations

import pytest
import stripe
from jobpeak_billing.adapters.stripe_gateway import call_stripe
from jobpeak_billing.application.ports import (
    IdempotencyConflict,
    PaymentProviderError,
    PaymentProviderUnavailable,
)
from jobpeak_runtime.infrastructure import is_infrastructure_error

pytestmark = pytest.mark.unit


async def failing_with(error: Exception) -> None:
    raise error


async def outcome_of(error: Exception) -> PaymentProviderError:
    with pytest.raises(PaymentProviderError) as raised:
        await call_stripe("refund payment pi_1", lambda: failing_with(error))
    return raised.value


async def test_no_answer_is_an_outage_the_consumer_waits_out() -> None:
    mapped = await outcome_of(stripe.APIConnectionError("network down"))  # type: ignore[no-untyped-call]
    assert isinstance(mapped, PaymentProviderUnavailable)
    assert "did not answer when billing tried to refund payment pi_1" in str(mapped)
    assert is_infrastructure_error(mapped)


@pytest.mark.parametrize("status", [429, 500, 503])
async def test_overload_and_server_errors_are_outages(status: int) -> None:
    mapped = await outcome_of(stripe.APIError("busy", http_status=status))
    assert isinstance(mapped, PaymentProviderUnavailable)
    assert f"HTTP {status}" in str(mapped)


async def test_a_refusal_is_not_retried_forever() -> None:
    refusal = stripe.InvalidRequestError(  # type: ignore[no-untyped-call]
        "Charge ch_1 has already been refunded.", "charge", http_status=400
    )
    mapped = await outcome_of(refusal)
    assert not isinstance(mapped, PaymentProviderUnavailable)
    assert not is_infrastructure_error(mapped)
    assert "HTTP 400" in str(mapped)
    assert "already been refunded" in str(mapped)


async def test_a_racing_twin_with_other_parameters_is_a_conflict() -> None:
    mapped = await outcome_of(
        stripe.IdempotencyError("Keys for idempotent requests ...", http_status=400)
    )
    assert isinstance(mapped, IdempotencyConflict)


async def test_success_passes_the_answer_through() -> None:
    async def answer() -> str:
        return "re_1"

    assert await call_stripe("refund", answer) == "re_1"
