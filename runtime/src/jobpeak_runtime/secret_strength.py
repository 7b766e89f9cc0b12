"""Whether a value can be a real secret: long enough, not a placeholder, not too uniform.

Used by the settings outside development and test, and by the cluster's secret generator (which
must never emit a value the services would then refuse).
"""

from __future__ import annotations

import re

_PLACEHOLDER_WORDS = (
    "changeme",
    "change-me",
    "change_me",
    "placeholder",
    "example",
    "secret",
    "password",
    "default",
    "dummy",
    "insecure",
)
"""Refused anywhere in a secret: six letters or more, so a random 43-character key holds one by
chance about once in 10^7 keys."""
_PLACEHOLDER_TOKENS = frozenset({"todo", "xxx", "tbd", "fixme"})
"""Refused only as a whole word (between separators): as substrings, "xxx" and "todo" turn up in
about one random key in a thousand, which then made a freshly generated secret fail the check."""
_WORD_SEPARATORS = re.compile(r"[^a-z0-9]+")
MIN_SECRET_LENGTH = 32
"""Shortest secret accepted outside development: 32 bytes is the HS256 key size RFC 7518 asks."""


def placeholder_reason(value: str) -> str | None:
    """Why ``value`` cannot be a real secret, or ``None`` when it could be one."""
    lowered = value.strip().lower()
    if len(lowered) < MIN_SECRET_LENGTH:
        return f"shorter than {MIN_SECRET_LENGTH} characters"
    for word in _PLACEHOLDER_WORDS:
        if word in lowered:
            return f"looks like a placeholder (contains {word!r})"
    for token in _WORD_SEPARATORS.split(lowered):
        if token in _PLACEHOLDER_TOKENS:
            return f"looks like a placeholder (contains the word {token!r})"
    if len(set(lowered)) < 8:
        return "has too few distinct characters to be random"
    return None
