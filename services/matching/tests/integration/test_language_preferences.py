"""A pooled reviewer narrows the languages they are offered work in, and resets them."""

from __future__ import annotations

import pytest
from jobpeak_contracts.events import MatchOffered, ReviewerQualified
from jobpeak_matching.adapters.tables import reviewers
from jobpeak_runtime.auth import Role
from sqlalchemy import select

from services.matching.tests.incoming import passed_certification, specialty_published
from services.matching.tests.integration.harness import CLIENT, Matching, candidate

pytestmark = pytest.mark.integration

CODING_LANGUAGES = sorted(specialty_published().languages)


async def _pooled(matching: Matching, *names: str) -> list[str]:
    """Coding published and one reviewer per name qualified in it, in that order."""
    pooled = [candidate(name) for name in names]
    await matching.publish(
        specialty_published(), *(passed_certification(reviewer) for reviewer in pooled)
    )
    await matching.wait_for_match_event(ReviewerQualified, count=len(pooled))
    return pooled


async def _stored_preferences(matching: Matching, candidate_id: str) -> list[str] | None:
    async with matching.runtime.engine.connect() as connection:
        stored: list[str] | None = await connection.scalar(
            select(reviewers.c.language_preferences).where(reviewers.c.candidate_id == candidate_id)
        )
    return stored


async def _posted(matching: Matching, *languages: str) -> str:
    response = await matching.post_work(required_languages=languages)
    assert response.status_code == 201, response.text
    work_id: str = response.json()["work_id"]
    return work_id


async def test_a_reviewer_who_narrows_to_go_is_offered_go_work_only(matching: Matching) -> None:
    ada, bob = await _pooled(matching, "ada", "bob")

    stated = await matching.state_languages(ada, ["go"])
    assert stated.status_code == 200, stated.text
    assert stated.json()["language_preferences"] == ["Go"]
    assert stated.json()["effective_languages"] == ["Go"]
    assert await _stored_preferences(matching, ada) == ["Go"]

    python_work = await _posted(matching, "Python")
    go_work = await _posted(matching, "Go")

    offered = await matching.wait_for_match_event(MatchOffered, count=2)
    assert {(o.candidate_id, str(o.work_id)) for o in offered} == {
        (bob, python_work),
        (ada, go_work),
    }
    assert [offer["work_id"] for offer in await matching.offers_of(ada)] == [go_work]


async def test_resetting_to_all_languages_makes_the_reviewer_eligible_again(
    matching: Matching,
) -> None:
    [ada] = await _pooled(matching, "ada")
    assert (await matching.state_languages(ada, ["Go"])).status_code == 200
    python_work = await _posted(matching, "Python")
    assert await matching.offers_of(ada) == []

    reset = await matching.state_languages(ada, None)
    assert reset.status_code == 200, reset.text
    assert reset.json()["language_preferences"] is None
    assert reset.json()["effective_languages"] == CODING_LANGUAGES
    assert await _stored_preferences(matching, ada) is None

    [offered] = await matching.wait_for_match_event(MatchOffered)
    assert (offered.candidate_id, str(offered.work_id)) == (ada, python_work)
    again = await matching.state_languages(ada, None)
    assert again.status_code == 200
    assert again.json() == reset.json()
    assert (await matching.pool_entry(ada)).json() == reset.json()


async def test_stating_the_same_languages_again_gives_the_same_entry(matching: Matching) -> None:
    [ada] = await _pooled(matching, "ada")
    first = await matching.state_languages(ada, ["Python", "go"])
    again = await matching.state_languages(ada, ["GO", "python"])
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert first.json()["language_preferences"] == ["Go", "Python"]
    assert await _stored_preferences(matching, ada) == ["Go", "Python"]


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        (["Go", "Klingon"], "languages: Klingon not among the coding languages"),
        ([], "languages: state at least one"),
    ],
)
async def test_unknown_or_empty_languages_are_refused_and_nothing_is_stored(
    matching: Matching, languages: list[str], message: str
) -> None:
    [ada] = await _pooled(matching, "ada")
    assert (await matching.state_languages(ada, ["Rust"])).status_code == 200

    refused = await matching.state_languages(ada, languages)

    assert refused.status_code == 422
    assert message in refused.json()["detail"]
    assert await _stored_preferences(matching, ada) == ["Rust"]
    assert (await matching.pool_entry(ada)).json()["language_preferences"] == ["Rust"]


async def test_a_candidate_outside_the_pool_is_told_so(matching: Matching) -> None:
    [ada] = await _pooled(matching, "ada")
    stranger = candidate("stranger")

    for response in (
        await matching.pool_entry(stranger),
        await matching.state_languages(stranger, ["Go"]),
        await matching.pool_entry(ada, specialty_slug="design"),
        await matching.state_languages(ada, None, specialty_slug="design"),
    ):
        assert response.status_code == 404
        assert response.json()["detail"].startswith("you are not in the ")
    assert await _stored_preferences(matching, stranger) is None


async def test_a_candidate_reads_and_changes_only_their_own_entry(matching: Matching) -> None:
    ada, bob = await _pooled(matching, "ada", "bob")
    assert (await matching.state_languages(ada, ["Go"])).status_code == 200

    bobs = await matching.state_languages(bob, ["Rust"])
    assert bobs.status_code == 200, bobs.text
    assert bobs.json()["candidate_id"] == bob
    assert (await matching.pool_entry(bob)).json() == bobs.json()
    adas = (await matching.pool_entry(ada)).json()
    assert (adas["candidate_id"], adas["language_preferences"]) == (ada, ["Go"])
    assert await _stored_preferences(matching, ada) == ["Go"]

    for role, subject in ((Role.CLIENT, CLIENT), (Role.ADMIN, "admin-0001")):
        assert (await matching.pool_entry(subject, role=role)).status_code == 403
        assert (await matching.state_languages(subject, None, role=role)).status_code == 403
    assert await _stored_preferences(matching, ada) == ["Go"]
