"""A bearer token is verified once per request, however many layers need its caller."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_runtime.auth import CurrentPrincipal, Principal, Role, TokenIssuer, TokenVerifier
from jobpeak_runtime.edge import install_problem_details
from jobpeak_runtime.pseudonyms import DEVELOPMENT_KEY, Pseudonyms, development_id_of
from jobpeak_runtime.rate_limits import RateLimitPolicy, RateLimits, subject_verified_by

pytestmark = pytest.mark.unit

SECRET = "Vq7Lm2Xc9Rt4Bn8Kd1Ws6Hy3Pf5Gz0Ja"
ISSUER = TokenIssuer(issuer="jobpeak", audience="jobpeak", algorithm="HS256", signing_key=SECRET)


class CountingVerifier(TokenVerifier):
    """The real verifier, counting the tokens it is asked to check."""

    def __init__(self) -> None:
        super().__init__(
            issuer="jobpeak",
            audience="jobpeak",
            algorithms=("HS256",),
            key=SECRET,
            pseudonyms=Pseudonyms(key=DEVELOPMENT_KEY),
        )
        self.checked: list[str] = []

    def verify(self, token: str) -> Principal:
        self.checked.append(token)
        return super().verify(token)


def app_counting(verifier: CountingVerifier) -> FastAPI:
    app = FastAPI()
    app.state.token_verifier = verifier
    install_problem_details(
        app,
        rate_limits=RateLimits(
            policy=RateLimitPolicy(
                reads="50/minute",
                creates="50/minute",
                updates="50/minute",
                webhooks="50/minute",
                by_route={"POST /checkout": "50/minute"},
            ),
            subject_of=subject_verified_by(verifier),
        ),
    )

    @app.post("/checkout")
    async def checkout(principal: CurrentPrincipal) -> str:
        return principal.subject

    return app


async def test_the_route_reuses_the_caller_the_rate_limits_verified() -> None:
    verifier = CountingVerifier()
    token = ISSUER.issue(subject="cand-once", role=Role.CANDIDATE)
    transport = ASGITransport(app=app_counting(verifier))
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        first = await client.post("/checkout", headers={"Authorization": f"Bearer {token}"})
        second = await client.post("/checkout", headers={"Authorization": f"Bearer {token}"})
    assert first.json() == second.json() == development_id_of("cand-once")
    assert verifier.checked == [token, token]  # two rules each, one check per request


async def test_an_invalid_token_is_refused_by_the_route_after_the_rate_limits() -> None:
    verifier = CountingVerifier()
    transport = ASGITransport(app=app_counting(verifier))
    async with AsyncClient(transport=transport, base_url="http://test") as client:
        refused = await client.post("/checkout", headers={"Authorization": "Bearer garbage"})
    assert refused.status_code == 401
    # nothing is kept for a token that failed: each rate rule and the route check it again
    assert verifier.checked == ["garbage"] * 3
