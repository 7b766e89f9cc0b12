"""A specialty refusal names the specialty and says why, in one wording for every service."""

from __future__ import annotations

import pytest
from jobpeak_runtime.refusals import SpecialtyRefusal

pytestmark = pytest.mark.unit


class ServiceError(Exception):
    pass


class UnknownSpecialty(ServiceError, SpecialtyRefusal):
    reason = "is not published"


def test_the_refusal_keeps_the_slug_and_the_service_s_own_error_base() -> None:
    refusal = UnknownSpecialty("coding")

    assert str(refusal) == "specialty 'coding' is not published"
    assert refusal.specialty_slug == "coding"
    assert isinstance(refusal, ServiceError)
