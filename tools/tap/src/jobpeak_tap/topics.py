"""Which topics the tap may read: the public ones, plus, only when asked, the restricted per-item
results of certification attempts; never the question bank or an ops (dead-letter) topic."""

from __future__ import annotations

from jobpeak_contracts.topics import ALL_TOPICS, TESTING_ITEM_RESPONSES, Topic, Visibility

ITEM_STATISTICS_TOPICS: tuple[Topic, ...] = (TESTING_ITEM_RESPONSES,)
"""Restricted: each correct/incorrect flag is one bit of a certification answer key. Readable
only by the ``item-statistics`` principal (broker ACLs in a cluster)."""


class RestrictedTopicError(ValueError):
    """Raised when asked to read a topic the tap may not read."""


def public_topics() -> tuple[Topic, ...]:
    return tuple(topic for topic in ALL_TOPICS if topic.visibility is Visibility.PUBLIC)


def topics_to_read(
    requested: list[str] | None = None, *, item_statistics: bool = False
) -> tuple[Topic, ...]:
    """The requested topics (by default every public one, and with ``item_statistics`` the
    per-item results too); refuses any other name."""
    extra = ITEM_STATISTICS_TOPICS if item_statistics else ()
    allowed = {topic.name: topic for topic in (*public_topics(), *extra)}
    if not requested:
        return tuple(allowed.values())
    refused = [name for name in requested if name not in allowed]
    if refused:
        hint = "" if item_statistics else f"; {TESTING_ITEM_RESPONSES.name} needs --item-statistics"
        raise RestrictedTopicError(
            f"the tap reads public topics only; refused {refused} (allowed: {sorted(allowed)}"
            f"{hint})"
        )
    return tuple(allowed[name] for name in requested)
