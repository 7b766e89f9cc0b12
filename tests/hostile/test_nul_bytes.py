"""NUL bytes in paths, queries and token subjects: a clear 4xx in every service, never a 500.

Issue 18 found ``GET /specialties/%00`` (catalog, no token), ``?specialty=a%00b`` (catalog
admin) and a token whose ``sub`` holds a NUL (billing ``GET /orders``) reaching PostgreSQL,
which refuses NUL in text, and answering 500. The runtime's edge refuses them now; this holds
every service to it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from jobpeak_runtime.auth import Role

from tests.hostile.running import RunningService

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Probe:
    method: str
    path: str
    role: Role | None = None
    subject: str | None = None
    """A subject of the caller's token other than the role's usual one."""


NUL_SUBJECT = "cand\x00-hostile"

PROBES: dict[str, list[Probe]] = {
    "catalog": [
        Probe("GET", "/specialties/%00"),
        Probe("GET", "/specialties/a%00b"),
        Probe("GET", "/admin/questions?specialty=a%00b", Role.ADMIN),
        Probe("GET", "/admin/specialties/%00", Role.ADMIN),
        Probe("GET", "/admin/specialties", Role.ADMIN, subject="admin\x00-1"),
        Probe("GET", "/schemas/a%00b.json"),
    ],
    "testing": [
        Probe("GET", "/attempts?specialty_slug=a%00b", Role.CANDIDATE),
        Probe("GET", "/entitlements?specialty_slug=%00", Role.CANDIDATE),
        Probe("GET", "/attempts/%00", Role.CANDIDATE),
        Probe("GET", "/attempts", Role.CANDIDATE, subject=NUL_SUBJECT),
        Probe("POST", "/attempts", Role.CANDIDATE, subject=NUL_SUBJECT),
    ],
    "billing": [
        Probe("GET", "/orders", Role.CANDIDATE, subject=NUL_SUBJECT),
        Probe("GET", "/orders/%00", Role.CANDIDATE),
        Probe("GET", "/orders?status=a%00b", Role.CANDIDATE),
        Probe("POST", "/checkout", Role.CANDIDATE, subject=NUL_SUBJECT),
        Probe("POST", "/admin/orders/%00/refund", Role.ADMIN),
    ],
    "matching": [
        Probe("GET", "/offers", Role.CANDIDATE, subject=NUL_SUBJECT),
        Probe("GET", "/candidates/a%00b/offers", Role.ADMIN),
        Probe("GET", "/reviewers/me/specialties/%00", Role.CANDIDATE),
        Probe("GET", "/work/%00", Role.CLIENT),
        Probe("GET", "/admin/sla-report?specialty=a%00b", Role.ADMIN),
        Probe("POST", "/work", Role.CLIENT, subject="client\x00-1"),
    ],
}


async def test_nul_bytes_anywhere_in_a_request_answer_a_clear_4xx(
    service: RunningService,
) -> None:
    for probe in PROBES[service.name]:
        headers = {"Content-Type": "application/json"}
        if probe.role is not None:
            token = service.token(probe.role, probe.subject)
            headers["Authorization"] = f"Bearer {token}"
        body = b"{}" if probe.method == "POST" else None
        response = await service.http.request(
            probe.method, probe.path, headers=headers, content=body
        )
        where = f"{service.name} {probe.method} {probe.path} (subject {probe.subject!r})"
        assert 400 <= response.status_code < 500, f"{where}: {response.status_code}"
        assert response.headers["content-type"] == "application/problem+json", where
        assert "\\u0000" not in response.text, where
        assert "\x00" not in response.text, where
