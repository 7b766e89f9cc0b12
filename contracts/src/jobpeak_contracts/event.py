"""The base of every event model (re-exported by :mod:`jobpeak_contracts.envelope`)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from jobpeak_contracts.topics import Topic

SCHEMA_ID_PREFIX = "urn:jobpeak:schema:"
"""Every payload schema's ``$id`` (and record's ``ce_dataschema``) is this plus the ``ce_type``."""


class Event(BaseModel):
    """A fact one service publishes; the payload of one Kafka record.

    The wire identity of an event is declared, never derived from the Python class name, so a class
    can be renamed or moved without changing what is on the topic. A backward-incompatible change
    is a new class with a higher ``schema_version`` on a new topic.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_name: ClassVar[str]
    """The event's wire name, e.g. ``TestPassed``."""
    schema_version: ClassVar[int]
    """Major version of this event's payload schema."""
    source_service: ClassVar[str]
    """The one service that produces it, e.g. ``testing``."""
    topic: ClassVar[Topic]
    """The topic it is published on."""
    superseded_by: ClassVar[str | None] = None
    """The ``ce_type`` that replaced this event in new traffic, when it is retired.

    A retired event is never produced again; it stays modelled so records written before its
    retirement remain decodable (and its committed schema stays checked).
    """

    @classmethod
    def ce_type(cls) -> str:
        """The CloudEvents ``type``: ``jobpeak.<service>.<EventName>.v<N>``."""
        return f"jobpeak.{cls.source_service}.{cls.event_name}.v{cls.schema_version}"

    @classmethod
    def ce_source(cls) -> str:
        """The CloudEvents ``source``: ``/jobpeak/<service>``."""
        return f"/jobpeak/{cls.source_service}"

    @classmethod
    def schema_id(cls) -> str:
        """The ``$id`` of this event's payload schema, sent as the ``ce_dataschema`` header.

        A URN, the same in every deployment; :mod:`jobpeak_contracts.schemas` says how it
        resolves (a committed file, an HTTP path on the producing service, or offline).
        """
        return f"{SCHEMA_ID_PREFIX}{cls.ce_type()}"

    def partition_key(self) -> str:
        """The record key: the value of this topic's key field on this event."""
        return str(getattr(self, self.topic.key_field))
