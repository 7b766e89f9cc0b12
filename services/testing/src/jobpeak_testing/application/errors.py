"""Refusals of the use cases, beyond the domain's own rules; the API maps each to a status."""

from __future__ import annotations

from uuid import UUID

from jobpeak_runtime.refusals import SpecialtyRefusal

from jobpeak_testing.domain.errors import DomainError


class AttemptNotFound(DomainError):
    """No attempt of this candidate has that id (someone else's is not found either)."""

    def __init__(self, attempt_id: UUID) -> None:
        super().__init__(f"attempt {attempt_id} not found")


class UnknownSpecialty(DomainError, SpecialtyRefusal):
    reason = "is not published"


class SpecialtyNotAvailable(DomainError, SpecialtyRefusal):
    reason = "was retired; no new attempts"


class AttemptInProgress(DomainError):
    def __init__(self, attempt_id: UUID) -> None:
        self.attempt_id = attempt_id
        super().__init__(
            f"attempt {attempt_id} is still in progress in this specialty: "
            "resume and submit it first"
        )


class PaymentRequired(DomainError):
    def __init__(self, specialty_slug: str) -> None:
        self.specialty_slug = specialty_slug
        super().__init__(
            f"a certification attempt in {specialty_slug!r} needs a payment: "
            "start a checkout with billing first"
        )


class StartKeyReused(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Idempotency-Key was already used to start a different attempt; use a new key"
        )


class NotGradedYet(DomainError):
    def __init__(self, attempt_id: UUID) -> None:
        super().__init__(f"attempt {attempt_id} has not been submitted")
