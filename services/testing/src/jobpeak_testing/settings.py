"""The testing service's settings (environment variables prefixed ``JOBPEAK_TESTING_``)."""

from __future__ import annotations

from jobpeak_runtime.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict


class TestingSettings(ServiceSettings):
    __test__ = False  # not a pytest test class despite its name

    model_config = SettingsConfigDict(env_prefix="JOBPEAK_TESTING_", extra="ignore", frozen=True)

    service_name: str = "testing"
    http_port: int = Field(default=8002, ge=0, le=65535)
