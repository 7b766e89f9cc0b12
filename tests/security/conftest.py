"""The security tests play attackers against a private platform (the e2e one)."""

from tests.e2e.conftest import private_platform

__all__ = ["private_platform"]
