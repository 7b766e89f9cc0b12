"""The local stack is real: a broker that delivers, a database that stores, Stripe answers."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import stripe
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from pydantic import BaseModel
from sqlalchemy import Integer, String, insert, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

pytestmark = pytest.mark.integration


class Greeting(BaseModel):
    candidate_id: str
    text: str


async def test_a_pydantic_model_travels_through_the_real_broker(
    kafka_bootstrap: str, topic_prefix: str
) -> None:
    topic = f"{topic_prefix}smoke.greetings"
    received: asyncio.Queue[Greeting] = asyncio.Queue()
    broker = KafkaBroker(kafka_bootstrap)

    @broker.subscriber(
        topic,
        group_id=f"{topic_prefix}smoke",
        auto_offset_reset="earliest",
        ack_policy=AckPolicy.ACK,
    )
    async def on_greeting(greeting: Greeting) -> None:
        await received.put(greeting)

    sent = Greeting(candidate_id=str(uuid.uuid4()), text="hello over a real broker")
    async with broker:
        await broker.start()
        await broker.publish(sent, topic=topic, key=sent.candidate_id.encode())
        got = await asyncio.wait_for(received.get(), timeout=30)
    assert got == sent


class _Base(DeclarativeBase):
    pass


class _Note(_Base):
    __tablename__ = "smoke_notes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(String(100))


async def test_sqlalchemy_asyncpg_round_trip_on_real_postgres(database_url: str) -> None:
    engine = create_async_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_Base.metadata.create_all)
            await connection.execute(insert(_Note).values(id=1, body="persisted"))
        async with engine.connect() as connection:
            body = (await connection.execute(select(_Note.body).where(_Note.id == 1))).scalar_one()
            version = (await connection.exec_driver_sql("SHOW server_version")).scalar_one()
    finally:
        await engine.dispose()
    assert body == "persisted"
    assert str(version).startswith(("15", "16", "17"))


def test_stripe_sdk_creates_a_checkout_session_on_stripe_mock(stripe_api_base: str) -> None:
    client = stripe.StripeClient("sk_test_smoke", base_addresses={"api": stripe_api_base})
    session = client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "success_url": "https://jobpeak.example/paid",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": "usd",
                        "unit_amount": 2500,
                        "product_data": {"name": "Coding certification attempt"},
                    },
                }
            ],
        },
        options={"idempotency_key": f"smoke-{uuid.uuid4()}"},
    )
    assert session.id.startswith("cs_")
    assert session.object == "checkout.session"
