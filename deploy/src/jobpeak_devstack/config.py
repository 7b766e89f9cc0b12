"""Where the local stack lives and which loopback ports it uses.

Everything is read from the environment when :func:`load_config` is called, never at import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

KAFKA_VERSION = "4.2.2"
STRIPE_MOCK_VERSION = "v0.203.0"
SERVICE_DATABASES = ("catalog", "testing", "billing", "matching")


def repository_root() -> Path:
    """The checkout this package is installed from (editable install in the uv workspace)."""
    return Path(__file__).resolve().parents[3]


@dataclass(frozen=True)
class StackConfig:
    cache_dir: Path
    kafka_port: int
    kafka_controller_port: int
    postgres_port: int
    stripe_mock_port: int
    stripe_mock_https_port: int
    kafka_heap: str
    state_root: Path | None = None

    @property
    def state_dir(self) -> Path:
        """Data, logs and pid files; downloads stay shared in ``cache_dir``."""
        return self.state_root or self.cache_dir / "stack"

    @property
    def bin_dir(self) -> Path:
        return self.cache_dir / "bin"

    @property
    def kafka_bootstrap(self) -> str:
        return f"127.0.0.1:{self.kafka_port}"

    @property
    def postgres_admin_url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.postgres_port}/postgres"

    @property
    def stripe_api_base(self) -> str:
        return f"http://127.0.0.1:{self.stripe_mock_port}"

    def database_url(self, name: str) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.postgres_port}/{name}"


def port_setting(name: str, default: int) -> int:
    """The port in environment variable ``name``, else ``default``; exits on a bad value."""
    raw = os.environ.get(name, str(default))
    try:
        port = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise SystemExit(f"{name}={port} is outside 1-65535")
    return port


def load_config() -> StackConfig:
    cache = Path(os.environ.get("JOBPEAK_CACHE_DIR", repository_root() / ".cache")).resolve()
    return StackConfig(
        cache_dir=cache,
        kafka_port=port_setting("JOBPEAK_KAFKA_PORT", 19092),
        kafka_controller_port=port_setting("JOBPEAK_KAFKA_CONTROLLER_PORT", 19093),
        postgres_port=port_setting("JOBPEAK_POSTGRES_PORT", 15432),
        stripe_mock_port=port_setting("JOBPEAK_STRIPE_MOCK_PORT", 12111),
        stripe_mock_https_port=port_setting("JOBPEAK_STRIPE_MOCK_HTTPS_PORT", 12112),
        kafka_heap=os.environ.get("JOBPEAK_KAFKA_HEAP", "-Xms256m -Xmx1g"),
    )
