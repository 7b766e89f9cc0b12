"""Joining the pool, and which languages a reviewer is offered work in."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from jobpeak_matching.domain.pool import (
    LanguagePreferencesRefused,
    qualify_reviewer,
    state_language_preferences,
)

from services.matching.tests.builders import CODING, CODING_LANGUAGES, T0, reviewer

pytestmark = pytest.mark.unit


def test_a_qualified_reviewer_covers_every_language_of_the_specialty() -> None:
    assert reviewer("cand-a").languages(CODING) == CODING_LANGUAGES


def test_without_preferences_a_language_the_catalog_adds_later_is_covered() -> None:
    extended = replace(CODING, languages=CODING_LANGUAGES | {"Kotlin"})
    assert "Kotlin" in reviewer("cand-a").languages(extended)


def test_stated_preferences_narrow_the_languages_in_the_catalogs_spelling() -> None:
    narrowed = state_language_preferences(
        reviewer=reviewer("cand-a"), specialty=CODING, languages=["python", "SQL"]
    )
    assert narrowed.languages(CODING) == frozenset({"Python", "SQL"})
    reset = state_language_preferences(reviewer=narrowed, specialty=CODING, languages=None)
    assert reset.languages(CODING) == CODING_LANGUAGES


def test_a_language_the_catalog_drops_is_no_longer_offered_even_if_preferred() -> None:
    narrowed = state_language_preferences(
        reviewer=reviewer("cand-a"), specialty=CODING, languages=["Go", "Rust"]
    )
    assert narrowed.languages(replace(CODING, languages=frozenset({"Go", "Python"}))) == frozenset(
        {"Go"}
    )


def test_restating_the_same_languages_in_another_case_changes_nothing() -> None:
    narrowed = state_language_preferences(
        reviewer=reviewer("cand-a"), specialty=CODING, languages=["Go", "python"]
    )
    again = state_language_preferences(
        reviewer=narrowed, specialty=CODING, languages=[" PYTHON", "go", "Go"]
    )
    assert again == narrowed
    assert state_language_preferences(
        reviewer=reviewer("cand-a"), specialty=CODING, languages=None
    ) == reviewer("cand-a")


@pytest.mark.parametrize(
    ("languages", "message"), [([], "state at least one"), (["Go", "Klingon"], "Klingon not among")]
)
def test_empty_or_unknown_preferences_are_refused(languages: list[str], message: str) -> None:
    with pytest.raises(LanguagePreferencesRefused, match=message):
        state_language_preferences(
            reviewer=reviewer("cand-a"), specialty=CODING, languages=languages
        )


def test_a_naive_qualification_time_is_refused() -> None:
    with pytest.raises(ValueError, match="qualified_at: a naive datetime"):
        qualify_reviewer(
            candidate_id="cand-a", specialty=CODING, qualified_at=datetime(2026, 3, 2, 9)
        )


def test_qualification_times_in_other_zones_are_kept_in_utc() -> None:
    in_paris = T0.astimezone(timezone(timedelta(hours=1)))
    pooled = qualify_reviewer(candidate_id="cand-a", specialty=CODING, qualified_at=in_paris)
    assert pooled.qualified_at.tzinfo is UTC
    assert pooled.qualified_at == T0
