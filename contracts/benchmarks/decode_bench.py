"""Micro-benchmark: typed decode of TestPassed and PaymentCaptured, pydantic against msgspec.

Not a test. Run from the repository root:

    uv run python contracts/benchmarks/decode_bench.py

Both sides parse the same payload bytes into a typed, validated object with the same constraints
(patterns, bounds, UUIDs, timezone-aware datetimes, the pass-mark invariant). The pydantic side is
exactly the call :func:`jobpeak_contracts.envelope.decode` makes for the payload; the full
``decode`` (headers, envelope and registry look-up included) is reported on its own line.
Targets: payload decode at most 3x msgspec and at most 10 us per event.
"""

from __future__ import annotations

import time
import timeit
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Annotated
from uuid import UUID

import msgspec
from jobpeak_contracts.envelope import decode, encode
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import PaymentCaptured, TestPassed
from jobpeak_contracts.examples import example_events

OpaqueId = Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$")]
Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]{1,62}$")]
Version = Annotated[int, msgspec.Meta(ge=1)]
Fraction = Annotated[float, msgspec.Meta(ge=0.0, le=1.0)]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]


class MoneyStruct(msgspec.Struct, frozen=True):
    amount_minor: Annotated[int, msgspec.Meta(ge=0)]
    currency: Annotated[str, msgspec.Meta(pattern=r"^[A-Z]{3}$")]


class TestPassedStruct(msgspec.Struct, frozen=True):
    attempt_id: UUID
    candidate_id: OpaqueId
    specialty_slug: Slug
    attempt_number: Version
    blueprint_version: Version
    bank_version: Version
    total_score: Fraction
    domain_score: Fraction
    behavioural_score: Fraction
    pass_mark: Fraction
    graded_at: AwareDatetime
    order_id: UUID

    def __post_init__(self) -> None:
        if self.total_score < self.pass_mark:
            raise ValueError("total_score: below the pass mark")


class PaymentCapturedStruct(msgspec.Struct, frozen=True):
    order_id: UUID
    candidate_id: OpaqueId
    specialty_slug: Slug
    amount: MoneyStruct
    checkout_session_id: Annotated[str, msgspec.Meta(pattern=r"^cs_[A-Za-z0-9_]+$")]
    payment_intent_id: Annotated[str, msgspec.Meta(pattern=r"^pi_[A-Za-z0-9_]+$")]
    captured_at: AwareDatetime


def _per_call_us(function: Callable[[], object], *, number: int, repeat: int) -> float:
    """Best of ``repeat`` timings of ``number`` calls, in CPU microseconds per call.

    CPU time of this process, not wall time, and the best run: on a shared machine both keep
    other processes' load out of the figure as far as possible.
    """
    timer = timeit.Timer(function, timer=time.process_time)
    return min(timer.repeat(number=number, repeat=repeat)) / number * 1e6


def _example(cls: type[Event]) -> Event:
    return next(event for event in example_events() if type(event) is cls)


def main() -> None:
    number, repeat = 20_000, 7
    cases: list[tuple[type[Event], type[msgspec.Struct]]] = [
        (TestPassed, TestPassedStruct),
        (PaymentCaptured, PaymentCapturedStruct),
    ]
    print(f"CPU time, best of {repeat} runs x {number} decodes each\n")
    print(f"{'event':<16} {'pydantic us':>12} {'msgspec us':>11} {'ratio':>6} {'decode() us':>12}")
    worst_ratio, worst_us = 0.0, 0.0
    for cls, struct in cases:
        record = encode(_example(cls))
        payload = record.value
        msgspec_decoder = msgspec.json.Decoder(struct)

        # Same payload, same result on both sides before timing anything.
        ours = cls.model_validate_json(payload, strict=True, extra="ignore")
        theirs = msgspec_decoder.decode(payload)
        assert msgspec.json.encode(theirs) == payload, "the two sides disagree on the payload"
        assert ours == _example(cls)

        pydantic_us = _per_call_us(
            partial(cls.model_validate_json, payload, strict=True, extra="ignore"),
            number=number,
            repeat=repeat,
        )
        msgspec_us = _per_call_us(
            partial(msgspec_decoder.decode, payload), number=number, repeat=repeat
        )
        full_us = _per_call_us(
            partial(decode, topic=record.topic, headers=record.headers, value=record.value),
            number=number,
            repeat=repeat,
        )
        ratio = pydantic_us / msgspec_us
        worst_ratio, worst_us = max(worst_ratio, ratio), max(worst_us, pydantic_us)
        print(
            f"{cls.event_name:<16} {pydantic_us:>12.2f} {msgspec_us:>11.2f} {ratio:>5.2f}x"
            f" {full_us:>12.2f}"
        )
    verdict = "met" if worst_ratio <= 3.0 and worst_us <= 10.0 else "NOT met"
    print(f"\ntarget (<= 3x msgspec and <= 10 us per payload decode): {verdict}")


if __name__ == "__main__":
    main()
