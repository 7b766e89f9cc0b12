"""Which event class a CloudEvents type names, with precise errors for unknown names and versions.

An unknown name (:class:`UnknownEventType`) and a known name at a version these contracts do not
have (:class:`UnsupportedEventVersion`) are told apart, so a consumer can tell "upgrade the
contracts" from "this record is garbage".
"""

from __future__ import annotations

from jobpeak_contracts.attributes import HEADER_TYPE, parse_ce_type
from jobpeak_contracts.errors import UnknownEventType, UnsupportedEventVersion
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import ALL_EVENTS

EVENT_CLASSES: tuple[type[Event], ...] = ALL_EVENTS
_BY_CE_TYPE: dict[str, type[Event]] = {cls.ce_type(): cls for cls in EVENT_CLASSES}
_KNOWN_VERSIONS: dict[tuple[str, str], tuple[int, ...]] = {}
for _cls in EVENT_CLASSES:
    _name = (_cls.source_service, _cls.event_name)
    _KNOWN_VERSIONS[_name] = (*_KNOWN_VERSIONS.get(_name, ()), _cls.schema_version)


def lookup(ce_type: str, *, topic: str | None) -> type[Event]:
    """The class of ``ce_type``; the error names ``topic`` (the record's) when there is none."""
    cls = _BY_CE_TYPE.get(ce_type)
    if cls is not None:
        return cls
    parts = parse_ce_type(ce_type)
    if parts is None:
        raise UnknownEventType(
            "not a Jobpeak event type (expected jobpeak.<service>.<EventName>.v<N>)",
            topic=topic,
            ce_type=ce_type,
            field=HEADER_TYPE,
        )
    versions = _KNOWN_VERSIONS.get((parts.service, parts.name))
    if versions is None:
        raise UnknownEventType(
            f"no event {parts.name!r} from service {parts.service!r} in these contracts",
            topic=topic,
            ce_type=ce_type,
            field=HEADER_TYPE,
        )
    raise UnsupportedEventVersion(
        f"{parts.name} is known at version(s) {list(versions)} only",
        topic=topic,
        ce_type=ce_type,
        field=HEADER_TYPE,
    )


def event_class(ce_type: str) -> type[Event]:
    """The event class for a CloudEvents type; ``UnknownEventType`` or its subclass if none."""
    return lookup(ce_type, topic=None)
