"""Pseudonymous user ids, derived at the edge from the token's ``sub`` with a keyed hash.

The identity provider decides what ``sub`` holds: a UUID, a login name such as ``Jane-Doe``, an
email. None of it may reach a topic, so the services never see it: the token verifier replaces
``sub`` with ``HMAC-SHA256(key, sub)``, cut to 128 bits and shaped as an RFC 9562 version 8 UUID.
The same ``sub`` always gives the same id (every service shares the key, so billing's, testing's
and matching's candidate ids agree), and without the key nobody can go from a name to its id, or
test a guess of a name against an id seen on a topic.

The key is ``candidate_id_secret`` in the settings: required outside development and test, where
the published :data:`DEVELOPMENT_KEY` stands in. Changing the key gives every user a new id, so it
is rotated only together with the data keyed by the old ids.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass

from jobpeak_runtime.settings import ServiceSettings

DEVELOPMENT_KEY = b"jobpeak development candidate ids: not a secret"
"""The key of development and test deployments that set no ``candidate_id_secret``."""

PSEUDONYMOUS_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
"""The shape of every derived id (a lower-case version 8 UUID)."""

_VERSION_8 = 0x8 << 76
_VARIANT_RFC = 0b10 << 62
_CLEAR_VERSION_AND_VARIANT = ~((0xF << 76) | (0b11 << 62)) & ((1 << 128) - 1)


@dataclass(frozen=True)
class Pseudonyms:
    """Derives the pseudonymous id of a token subject."""

    key: bytes

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> Pseudonyms:
        secret = settings.candidate_id_secret
        if secret is not None:
            return cls(key=secret.get_secret_value().encode())
        if not settings.is_development_like:
            raise ValueError("candidate_id_secret must be set outside development and test")
        return cls(key=DEVELOPMENT_KEY)

    def id_of(self, subject: str) -> str:
        """The pseudonymous id of ``subject`` (a UUID string; the same for the same subject)."""
        digest = hmac.new(self.key, subject.encode("utf-8"), hashlib.sha256).digest()
        bits = int.from_bytes(digest[:16], "big") & _CLEAR_VERSION_AND_VARIANT
        return str(uuid.UUID(int=bits | _VERSION_8 | _VARIANT_RFC))


def candidate_id_for(subject: str, *, settings: ServiceSettings) -> str:
    """The id a service built with ``settings`` knows the holder of a token for ``subject`` by.

    For tests and tools that issue tokens and then look for the caller in events or responses.
    """
    return Pseudonyms.from_settings(settings).id_of(subject)


def development_id_of(subject: str) -> str:
    """The id of ``subject`` where no ``candidate_id_secret`` is set (development and tests)."""
    return Pseudonyms(key=DEVELOPMENT_KEY).id_of(subject)
