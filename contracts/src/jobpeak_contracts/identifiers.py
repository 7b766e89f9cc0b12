"""Identifier types shared by the events.

People appear on public topics only as pseudonymous opaque ids (the platform's account id, a
UUID-like string): never a name, an email or anything a reader could resolve to a person without
the owning service's database. The pattern forbids ``@``, spaces and dots, so an email or a full
name cannot slip through by mistake.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field

_OPAQUE_ID = r"^[A-Za-z0-9][A-Za-z0-9_-]{2,63}$"

CandidateId = Annotated[
    str,
    Field(
        pattern=_OPAQUE_ID,
        description="Pseudonymous id of the candidate (reviewer); opaque, never a name or email.",
        examples=["3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"],
    ),
]
ClientId = Annotated[
    str,
    Field(
        pattern=_OPAQUE_ID,
        description="Pseudonymous id of the client who posts work; opaque, never a name or email.",
        examples=["a7c9e1f3-2b4d-4f6a-8c0e-1d3f5b7a9c2e"],
    ),
]
SpecialtySlug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]{1,62}$",
        description="Stable slug of the specialty, as used in the catalog's URLs.",
        examples=["coding"],
    ),
]
QuestionId = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9][a-z0-9-]{2,63}$",
        description="Stable id of a question in the catalog's bank.",
        examples=["cod-py-bug-001"],
    ),
]
AttemptId = Annotated[
    UUID,
    Field(
        description="Id of a test attempt, assigned by the testing service.",
        examples=["0f8e2d4c-6b1a-4c3e-9f57-2a4b6c8d0e1f"],
    ),
]
OrderId = Annotated[
    UUID,
    Field(
        description="Id of a billing order (one paid certification attempt).",
        examples=["5b7d9f1a-3c5e-4a7c-9e1b-3d5f7a9c1e3b"],
    ),
]
WorkId = Annotated[
    UUID,
    Field(
        description="Id of a piece of review work posted by a client.",
        examples=["8c0e2a4c-6e8a-4c1e-8a3c-5e7a9c1e3a5c"],
    ),
]
OfferId = Annotated[
    UUID,
    Field(
        description="Id of one offer of one piece of work to one reviewer.",
        examples=["2d4f6b8d-0f2b-4d6f-8b0d-2f4b6d8f0b2d"],
    ),
]
CheckoutSessionId = Annotated[
    str,
    Field(
        pattern=r"^cs_[A-Za-z0-9_]+$",
        description="Stripe Checkout Session id (carries no card data).",
        examples=["cs_test_a1B2c3D4e5F6g7H8"],
    ),
]
PaymentIntentId = Annotated[
    str,
    Field(
        pattern=r"^pi_[A-Za-z0-9_]+$",
        description="Stripe PaymentIntent id (carries no card data).",
        examples=["pi_3NkLmN2eZvKYlo2C1a2b3c4d"],
    ),
]
RefundId = Annotated[
    str,
    Field(
        pattern=r"^(re|pyr)_[A-Za-z0-9_]+$",
        description="Stripe Refund id.",
        examples=["re_3NkLmN2eZvKYlo2C0x9y8z7w"],
    ),
]
LanguageName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=40,
        description="Name of a programming language as the catalog lists it.",
        examples=["Python", "C++"],
    ),
]
BankVersion = Annotated[
    int,
    Field(
        ge=1,
        description="Version of the specialty's question bank; bumped on every bank change.",
        examples=[3],
    ),
]
BlueprintVersion = Annotated[
    int,
    Field(
        ge=1,
        description="Version of the blueprint the attempt was drawn from.",
        examples=[1],
    ),
]
