"""The journey's steps over HTTP, one function each, as a candidate, a client or Stripe.

Each step is one request (or, for the ``wait_for_*`` steps, a poll of one read) and returns the
typed answer. Writes that create something send an ``Idempotency-Key`` so a retried step cannot
create twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.money import Money
from jobpeak_runtime.testing import ConditionTimeout, wait_until

from jobpeak_journey.client import Caller, PlatformClient, StepRefused
from jobpeak_journey.models import (
    AnswerBody,
    Answered,
    Attempt,
    Entitlement,
    Item,
    Offer,
    Order,
    Result,
    SlaReport,
    SpecialtyPage,
    WebhookReceipt,
    Work,
)
from jobpeak_journey.stripe_webhook import paid_checkout_event, stripe_signed_headers

T = TypeVar("T")

CATCHING_UP = frozenset({404, 503})
"""What a service answers while its replica of the catalog is still filling: nothing is stored,
so the same request may be sent again."""


def catching_up(refused: StepRefused) -> bool:
    return refused.status_code in CATCHING_UP


async def retry_while_catching_up(
    step: Callable[[], Awaitable[T]],
    *,
    within: float,
    is_catching_up: Callable[[StepRefused], bool] = catching_up,
) -> T:
    """Run ``step`` until a refusal is not one ``is_catching_up`` recognises; then its answer.

    Any other refusal propagates at once; after ``within`` seconds the last refusal does.
    """
    answers: list[T] = []
    refusals: list[StepRefused] = []

    async def accepted() -> bool:
        try:
            answers.append(await step())
        except StepRefused as refused:
            if not is_catching_up(refused):
                raise
            refusals.append(refused)
            return False
        return True

    try:
        await wait_until(accepted, within=within, interval=0.25, message="the step")
    except ConditionTimeout:
        raise refusals[-1] from None
    return answers[0]


async def browse_specialty(platform: PlatformClient, *, slug: str) -> SpecialtyPage:
    """Anyone reads a live specialty's key facts on the catalog."""
    response = await platform.send("browse", "catalog", "GET", f"/specialties/{slug}")
    return SpecialtyPage.model_validate(response.json())


async def start_attempt(
    platform: PlatformClient,
    *,
    candidate: Caller,
    slug: str,
    kind: BlueprintKind,
    idempotency_key: str | None = None,
) -> Attempt:
    """Start a practice (free) or certification (paid) attempt; its items come with it."""
    response = await platform.send(
        f"start {kind.value}",
        "testing",
        "POST",
        "/attempts",
        caller=candidate,
        json={"specialty_slug": slug, "kind": kind.value},
        headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())},
    )
    return Attempt.model_validate(response.json())


async def fetch_attempt(
    platform: PlatformClient, *, candidate: Caller, attempt_id: uuid.UUID
) -> Attempt:
    """Resume: the attempt, its items (no keys) and the answers so far."""
    response = await platform.send(
        "fetch items", "testing", "GET", f"/attempts/{attempt_id}", caller=candidate
    )
    return Attempt.model_validate(response.json())


async def answer(
    platform: PlatformClient,
    *,
    candidate: Caller,
    attempt_id: uuid.UUID,
    item: Item,
    response: AnswerBody,
) -> Answered:
    reply = await platform.send(
        "answer",
        "testing",
        "PUT",
        f"/attempts/{attempt_id}/responses/{item.question_id}",
        caller=candidate,
        json={"response": response.as_json()},
    )
    return Answered.model_validate(reply.json())


async def submit(platform: PlatformClient, *, candidate: Caller, attempt_id: uuid.UUID) -> Result:
    """Submit for grading on the server; the result comes back at once."""
    response = await platform.send(
        "submit", "testing", "POST", f"/attempts/{attempt_id}/submission", caller=candidate
    )
    return Result.model_validate(response.json())


async def result(platform: PlatformClient, *, candidate: Caller, attempt_id: uuid.UUID) -> Result:
    response = await platform.send(
        "result", "testing", "GET", f"/attempts/{attempt_id}/result", caller=candidate
    )
    return Result.model_validate(response.json())


async def entitlements(
    platform: PlatformClient, *, candidate: Caller, slug: str
) -> list[Entitlement]:
    response = await platform.send(
        "entitlements",
        "testing",
        "GET",
        "/entitlements",
        caller=candidate,
        params={"specialty_slug": slug},
    )
    return [Entitlement.model_validate(entry) for entry in response.json()]


async def wait_for_entitlement(
    platform: PlatformClient, *, candidate: Caller, order: Order, within: float = 30.0
) -> Entitlement:
    """Poll testing until billing's PaymentCaptured for ``order`` has granted the attempt."""
    granted: list[Entitlement] = []

    async def available() -> bool:
        owned = await entitlements(platform, candidate=candidate, slug=order.specialty_slug)
        granted[:] = [e for e in owned if e.order_id == order.order_id and e.status == "available"]
        return bool(granted)

    await wait_until(
        available, within=within, interval=0.1, message=f"entitlement of {order.order_id}"
    )
    return granted[0]


async def checkout(
    platform: PlatformClient, *, candidate: Caller, slug: str, idempotency_key: str | None = None
) -> Order:
    """Ask billing to pay for one certification attempt: an order and a Checkout Session."""
    response = await platform.send(
        "checkout",
        "billing",
        "POST",
        "/checkout",
        caller=candidate,
        json={"specialty_slug": slug},
        headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())},
    )
    return Order.model_validate(response.json())


def completed_checkout_event(order: Order) -> str:
    """The ``checkout.session.completed`` webhook body Stripe sends once ``order`` is paid.

    stripe-mock sends no webhooks, so the journey plays Stripe's part: a payment intent of its
    own and the session and order the checkout returned.
    """
    return paid_checkout_event(
        checkout_session_id=order.checkout_session_id,
        order_id=order.order_id,
        amount=order.amount,
        payment_intent_id=f"pi_{uuid.uuid4().hex[:24]}",
    )


async def pay(platform: PlatformClient, *, order: Order) -> WebhookReceipt:
    """Stripe tells billing the session was paid: a signed ``checkout.session.completed``."""
    payload = completed_checkout_event(order)
    response = await platform.send(
        "pay (Stripe webhook)",
        "billing",
        "POST",
        "/webhooks/stripe",
        content=payload,
        headers=stripe_signed_headers(payload, secret=platform.stripe_webhook_secret),
    )
    return WebhookReceipt.model_validate(response.json())


def specialty_not_known_yet(refused: StepRefused) -> bool:
    """Matching refuses work for a specialty its replica has not heard of yet (422 on the slug);
    nothing is stored, so the same request may be sent again."""
    return refused.status_code == 422 and "specialty_slug" in refused.body


async def post_work(
    platform: PlatformClient,
    *,
    client: Caller,
    slug: str,
    languages: tuple[str, ...],
    hourly_rate: Money,
    seats: int,
    starts_at: datetime,
    idempotency_key: str | None = None,
) -> Work:
    """A client posts review work; matching refuses it above the specialty's rate ceiling."""
    response = await platform.send(
        "post work",
        "matching",
        "POST",
        "/work",
        caller=client,
        json={
            "specialty_slug": slug,
            "required_languages": list(languages),
            "hourly_rate": hourly_rate.model_dump(),
            "seats": seats,
            "starts_at": starts_at.isoformat(),
        },
        headers={"Idempotency-Key": idempotency_key or str(uuid.uuid4())},
    )
    return Work.model_validate(response.json())


async def offers(platform: PlatformClient, *, candidate: Caller) -> list[Offer]:
    """The candidate's offers, newest first."""
    response = await platform.send("offers", "matching", "GET", "/offers", caller=candidate)
    return [Offer.model_validate(entry) for entry in response.json()]


async def wait_for_offer(
    platform: PlatformClient, *, candidate: Caller, within: float = 30.0
) -> Offer:
    """Poll matching until work is offered to the candidate (an offer still open)."""
    found: list[Offer] = []

    async def offered() -> bool:
        found[:] = [o for o in await offers(platform, candidate=candidate) if o.status == "offered"]
        return bool(found)

    await wait_until(offered, within=within, interval=0.1, message="an offer")
    return found[0]


async def accept_offer(platform: PlatformClient, *, candidate: Caller, offer: Offer) -> Offer:
    response = await platform.send(
        "accept offer",
        "matching",
        "POST",
        f"/offers/{offer.offer_id}/accept",
        caller=candidate,
    )
    return Offer.model_validate(response.json())


async def sla_report(platform: PlatformClient, *, admin: Caller) -> SlaReport:
    """Reviewers by time waiting and the share matched within the promise (admin only)."""
    response = await platform.send(
        "SLA report", "matching", "GET", "/admin/sla-report", caller=admin
    )
    return SlaReport.model_validate(response.json())
