from __future__ import annotations

import datetime as dt

import jwt
import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.auth import (
    AdminPrincipal,
    CandidateSelfOrAdmin,
    CurrentPrincipal,
    InvalidToken,
    Principal,
    Role,
    TokenIssuer,
    TokenVerifier,
)
from jobpeak_runtime.pseudonyms import DEVELOPMENT_KEY, Pseudonyms

pytestmark = pytest.mark.unit

KEY = "k3Jv9QxL2mT8rW5yZ1aB4cD7eF0gH6iJ"
issuer = TokenIssuer(issuer="jobpeak", audience="jobpeak", algorithm="HS256", signing_key=KEY)
pseudonyms = Pseudonyms(key=DEVELOPMENT_KEY)
verifier = TokenVerifier(
    issuer="jobpeak", audience="jobpeak", algorithms=("HS256",), key=KEY, pseudonyms=pseudonyms
)
CAND_1 = pseudonyms.id_of("cand-1")


def test_an_issued_token_verifies_to_its_principal_under_a_pseudonymous_id() -> None:
    token = issuer.issue(subject="cand-1", role=Role.CANDIDATE)
    assert verifier.verify(token) == Principal(subject=CAND_1, role=Role.CANDIDATE)


def test_an_expired_token_is_refused() -> None:
    past = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    token = issuer.issue(subject="cand-1", role=Role.CANDIDATE, now=past)
    with pytest.raises(InvalidToken, match="expired"):
        verifier.verify(token)


def test_a_token_valid_for_ten_years_is_refused_and_one_for_a_day_accepted() -> None:
    decade = issuer.issue(subject="cand-1", role=Role.CANDIDATE, ttl=dt.timedelta(days=3650))
    with pytest.raises(InvalidToken, match="longer than 1 day"):
        verifier.verify(decade)
    day = issuer.issue(subject="cand-1", role=Role.CANDIDATE, ttl=dt.timedelta(hours=23))
    assert verifier.verify(day).subject == CAND_1


@pytest.mark.parametrize(
    ("claim", "value"), [("iss", "someone-else"), ("aud", "another-api"), ("role", "root")]
)
def test_wrong_issuer_audience_or_role_is_refused(claim: str, value: str) -> None:
    token = issuer.issue(subject="cand-1", role=Role.ADMIN, extra_claims={})
    claims = jwt.decode(token, KEY, algorithms=["HS256"], audience="jobpeak")
    claims[claim] = value
    forged = jwt.encode(claims, KEY, algorithm="HS256")
    with pytest.raises(InvalidToken):
        verifier.verify(forged)


def test_a_token_without_expiry_is_refused() -> None:
    token = jwt.encode(
        {"sub": "a", "role": "admin", "iss": "jobpeak", "aud": "jobpeak"}, KEY, algorithm="HS256"
    )
    with pytest.raises(InvalidToken, match="exp"):
        verifier.verify(token)


def test_an_algorithm_outside_the_allow_list_is_refused() -> None:
    unsigned = jwt.encode(
        {"sub": "a", "role": "admin", "iss": "jobpeak", "aud": "jobpeak", "exp": 4_000_000_000},
        "",
        algorithm="none",
    )
    other = TokenIssuer(
        issuer="jobpeak", audience="jobpeak", algorithm="HS512", signing_key=KEY * 2
    )
    for token in (unsigned, other.issue(subject="a", role=Role.ADMIN)):
        with pytest.raises(InvalidToken):
            verifier.verify(token)


def test_a_token_signed_with_another_key_is_refused() -> None:
    stranger = TokenIssuer(
        issuer="jobpeak", audience="jobpeak", algorithm="HS256", signing_key=KEY[::-1]
    )
    with pytest.raises(InvalidToken, match="Signature"):
        verifier.verify(stranger.issue(subject="a", role=Role.ADMIN))


def _app() -> FastAPI:
    app = FastAPI()
    app.state.token_verifier = verifier

    @app.get("/me")
    async def me(principal: CurrentPrincipal) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.get("/admin")
    async def admin(principal: AdminPrincipal) -> dict[str, str]:
        return {"subject": principal.subject}

    @app.get("/candidates/{candidate_id}/attempts")
    async def attempts(candidate_id: str, principal: CandidateSelfOrAdmin) -> dict[str, str]:
        return {"owner": candidate_id}

    return app


async def _get(path: str, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with AsyncClient(transport=ASGITransport(_app()), base_url="http://t") as client:
        return (await client.get(path, headers=headers)).status_code


async def test_routes_demand_a_bearer_token() -> None:
    assert await _get("/me", None) == 401
    assert await _get("/me", "not-a-jwt") == 401
    assert await _get("/me", issuer.issue(subject="c", role=Role.CLIENT)) == 200


async def test_admin_routes_refuse_other_roles() -> None:
    assert await _get("/admin", issuer.issue(subject="c", role=Role.CANDIDATE)) == 403
    assert await _get("/admin", issuer.issue(subject="a", role=Role.ADMIN)) == 200


async def test_a_candidate_reaches_only_their_own_resources() -> None:
    own = issuer.issue(subject="cand-1", role=Role.CANDIDATE)
    assert await _get(f"/candidates/{CAND_1}/attempts", own) == 200
    assert await _get("/candidates/cand-1/attempts", own) == 404
    assert await _get("/candidates/cand-2/attempts", own) == 404
    assert (
        await _get("/candidates/cand-2/attempts", issuer.issue(subject="x", role=Role.CLIENT))
        == 403
    )
    assert (
        await _get("/candidates/cand-2/attempts", issuer.issue(subject="a", role=Role.ADMIN)) == 200
    )


def test_owner_filter_narrows_everyone_but_admins() -> None:
    assert Principal(subject="cand-1", role=Role.CANDIDATE).owner_filter == "cand-1"
    assert Principal(subject="cl-1", role=Role.CLIENT).owner_filter == "cl-1"
    assert Principal(subject="ad-1", role=Role.ADMIN).owner_filter is None


@pytest.mark.parametrize("subject", ["cand\x00idate", "cand\ud800", "c" * 256])
def test_a_token_whose_subject_no_id_could_be_is_refused(subject: str) -> None:
    token = issuer.issue(subject=subject, role=Role.CANDIDATE)
    with pytest.raises(InvalidToken, match="sub claim"):
        verifier.verify(token)
