"""Path patterns of per-route settings (body limits, rate limits): ``*`` is one path segment."""

from __future__ import annotations

import re


def path_pattern(path: str) -> re.Pattern[str]:
    """``path`` as a regular expression in which ``*`` stands for one path segment."""
    return re.compile(re.escape(path).replace(r"\*", "[^/]+"))
