"""Every event of the platform, grouped by the service that produces it."""

from jobpeak_contracts.event import Event
from jobpeak_contracts.events.billing import (
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    RefundReason,
)
from jobpeak_contracts.events.catalog import (
    QuestionPublished,
    QuestionRetired,
    SpecialtyPublished,
    SpecialtyRetired,
)
from jobpeak_contracts.events.matching import (
    MatchAccepted,
    MatchDeclined,
    MatchOffered,
    MatchSlaBreached,
    OfferExpired,
    ReviewerQualified,
    WorkClosed,
    WorkCloseReason,
    WorkPosted,
)
from jobpeak_contracts.events.testing import (
    AttemptVoided,
    ItemResponse,
    ItemResponsesRecorded,
    PracticeTestCompleted,
    TestFailed,
    TestPassed,
    TestStarted,
    VoidReason,
)

ALL_EVENTS: tuple[type[Event], ...] = (
    SpecialtyPublished,
    SpecialtyRetired,
    QuestionPublished,
    QuestionRetired,
    CheckoutStarted,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    TestStarted,
    PracticeTestCompleted,
    TestPassed,
    TestFailed,
    ItemResponsesRecorded,
    AttemptVoided,
    WorkPosted,
    WorkClosed,
    ReviewerQualified,
    MatchOffered,
    MatchAccepted,
    MatchDeclined,
    OfferExpired,
    MatchSlaBreached,
)
"""Every event class, in the order of DESIGN.md section 4."""

__all__ = [
    "ALL_EVENTS",
    "AttemptVoided",
    "CheckoutStarted",
    "ItemResponse",
    "ItemResponsesRecorded",
    "MatchAccepted",
    "MatchDeclined",
    "MatchOffered",
    "MatchSlaBreached",
    "OfferExpired",
    "PaymentCaptured",
    "PaymentFailed",
    "PaymentRefunded",
    "PracticeTestCompleted",
    "QuestionPublished",
    "QuestionRetired",
    "RefundReason",
    "ReviewerQualified",
    "SpecialtyPublished",
    "SpecialtyRetired",
    "TestFailed",
    "TestPassed",
    "TestStarted",
    "VoidReason",
    "WorkCloseReason",
    "WorkClosed",
    "WorkPosted",
]
