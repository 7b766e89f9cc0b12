"""The matching domain: pure rules and the assignment engine, no I/O and no clock.

Every instant is an argument; every rule that may be repeated returns a :class:`Transition`
telling the service layer whether anything changed.
"""

from jobpeak_matching.domain.assignment import SeatAssignment, assign_seats
from jobpeak_matching.domain.eligibility import (
    covers_languages,
    free_seats,
    is_eligible,
    is_filled,
    urgency_key,
    within_ceiling,
)
from jobpeak_matching.domain.flow_assignment import ReviewerGroup, assign_groups
from jobpeak_matching.domain.money import Money
from jobpeak_matching.domain.offers import (
    Offer,
    OfferAlreadyResolved,
    OfferError,
    OfferExpired,
    OfferNotYours,
    OfferStatus,
    accept_offer,
    decline_offer,
    expire_offer,
    offers_due_for_expiry,
    open_offer,
    withdraw_offer,
)
from jobpeak_matching.domain.planning import AssignmentMethod, OfferProposal, plan_offers
from jobpeak_matching.domain.pool import (
    LanguagePreferencesRefused,
    Reviewer,
    qualify_reviewer,
    record_match,
    state_language_preferences,
)
from jobpeak_matching.domain.sla import (
    ReviewerWait,
    SlaReport,
    is_in_breach,
    matched_within_sla,
    record_sla_breach,
    sla_breaches_to_record,
    sla_report,
)
from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.transition import Transition
from jobpeak_matching.domain.work import (
    IntakeProblem,
    WorkCloseReason,
    WorkItem,
    WorkRefused,
    WorkRequest,
    WorkStatus,
    close_work,
    take_work,
)

__all__ = [
    "AssignmentMethod",
    "IntakeProblem",
    "LanguagePreferencesRefused",
    "Money",
    "Offer",
    "OfferAlreadyResolved",
    "OfferError",
    "OfferExpired",
    "OfferNotYours",
    "OfferProposal",
    "OfferStatus",
    "Reviewer",
    "ReviewerGroup",
    "ReviewerWait",
    "SeatAssignment",
    "SlaReport",
    "SpecialtyTerms",
    "Transition",
    "WorkCloseReason",
    "WorkItem",
    "WorkRefused",
    "WorkRequest",
    "WorkStatus",
    "accept_offer",
    "assign_groups",
    "assign_seats",
    "close_work",
    "covers_languages",
    "decline_offer",
    "expire_offer",
    "free_seats",
    "is_eligible",
    "is_filled",
    "is_in_breach",
    "matched_within_sla",
    "offers_due_for_expiry",
    "open_offer",
    "plan_offers",
    "qualify_reviewer",
    "record_match",
    "record_sla_breach",
    "sla_breaches_to_record",
    "sla_report",
    "state_language_preferences",
    "take_work",
    "urgency_key",
    "withdraw_offer",
    "within_ceiling",
]
