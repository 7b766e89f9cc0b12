"""Refusals every service words the same way: a specialty it cannot serve, and why.

Each service replicates the catalog's specialties and refuses a request about one that is not
published, retired, or lacks what the request needs. A service's refusal subclasses its own error
base (for its HTTP mapping) and :class:`SpecialtyRefusal`, and states only its ``reason``::

    class UnknownSpecialty(CheckoutRefused, SpecialtyRefusal):
        reason = "is not published"

Pure Python, so a service's ``domain/`` may use it.
"""

from __future__ import annotations

from typing import ClassVar


class SpecialtyRefusal(Exception):
    """A request about ``specialty_slug`` refused for the subclass's ``reason``."""

    reason: ClassVar[str]

    def __init__(self, specialty_slug: str) -> None:
        self.specialty_slug = specialty_slug
        super().__init__(f"specialty {specialty_slug!r} {self.reason}")
