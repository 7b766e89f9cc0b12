"""Which topics the tap may read: the public ones, and never a restricted or ops topic."""

from __future__ import annotations

from jobpeak_contracts.topics import ALL_TOPICS, Topic, Visibility


class RestrictedTopicError(ValueError):
    """Raised when asked to read a topic that is not public."""


def public_topics() -> tuple[Topic, ...]:
    return tuple(topic for topic in ALL_TOPICS if topic.visibility is Visibility.PUBLIC)


def topics_to_read(requested: list[str] | None = None) -> tuple[Topic, ...]:
    """The requested topics (all public ones by default); refuses any non-public name."""
    public = {topic.name: topic for topic in public_topics()}
    if not requested:
        return tuple(public.values())
    refused = [name for name in requested if name not in public]
    if refused:
        raise RestrictedTopicError(
            f"the tap reads public topics only; refused {refused} (public: {sorted(public)})"
        )
    return tuple(public[name] for name in requested)
