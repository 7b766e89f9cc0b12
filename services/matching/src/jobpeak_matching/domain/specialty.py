"""What matching needs to know about a specialty: its replica of the catalog's terms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from jobpeak_matching.domain.money import Money


@dataclass(frozen=True, slots=True, kw_only=True)
class SpecialtyTerms:
    """The catalog's published terms for one specialty, as far as matching uses them.

    ``live`` is false once the catalog retired the specialty: no new work is taken and no offers
    are made in it.
    """

    slug: str
    live: bool
    hourly_rate_ceiling: Money
    languages: frozenset[str]
    match_sla_days: int

    def __post_init__(self) -> None:
        if self.match_sla_days < 1:
            raise ValueError(f"match_sla_days: must be at least 1, got {self.match_sla_days}")
        if not self.languages:
            raise ValueError("languages: a specialty covers at least one language")

    @property
    def match_sla(self) -> timedelta:
        return timedelta(days=self.match_sla_days)

    def canonical_language(self, name: str) -> str | None:
        """The catalog's spelling of ``name`` (matched case-insensitively), or None if unknown."""
        wanted = name.strip().casefold()
        for language in self.languages:
            if language.casefold() == wanted:
                return language
        return None
