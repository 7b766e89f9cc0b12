"""Rate-limit rules as settings write them: ``"120/minute;1200/hour"`` and ``"POST /checkout"``.

Pure parsing (no I/O) so settings can validate them and the middleware can count them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from limits import RateLimitItem, parse_many

from jobpeak_runtime.path_patterns import path_pattern


@dataclass(frozen=True)
class RateRule:
    """The limits counted in one bucket (a route class, or one route)."""

    bucket: str
    items: list[RateLimitItem]


@dataclass(frozen=True)
class RouteRule:
    """Extra limits of the requests with ``method`` whose path matches ``path``."""

    method: str
    path: re.Pattern[str]
    rule: RateRule

    def applies_to(self, method: str, path: str) -> bool:
        return method == self.method and self.path.fullmatch(path) is not None


def parse_limits(value: str) -> list[RateLimitItem]:
    """``"120/minute;1200/hour"`` as limit items; a clear ``ValueError`` for anything else."""
    try:
        items = parse_many(value)
    except ValueError:
        items = []
    if not items:
        raise ValueError(f"{value!r} is not a rate limit such as '120/minute' or '10/second;1/day'")
    return items


def route_rule(route: str, limits: str) -> RouteRule:
    """The rule of ``"METHOD /path"`` (``*`` one segment) limited to ``limits``."""
    method, _, path = route.strip().partition(" ")
    path = path.strip()
    if not method.isalpha() or not path.startswith("/"):
        raise ValueError(f"route {route!r} must be 'METHOD /path' ('*' is one segment)")
    return RouteRule(
        method=method.upper(), path=path_pattern(path), rule=RateRule(route, parse_limits(limits))
    )
