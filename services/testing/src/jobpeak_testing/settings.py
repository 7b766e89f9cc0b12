"""The testing service's settings (environment variables prefixed ``JOBPEAK_TESTING_``)."""

from __future__ import annotations

from jobpeak_runtime.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from jobpeak_testing.application.attempts import DEFAULT_EXPOSURE_CAP, DeliveryRules
from jobpeak_testing.domain.allowance import PracticeAllowance


class TestingSettings(ServiceSettings):
    __test__ = False  # not a pytest test class despite its name

    model_config = SettingsConfigDict(env_prefix="JOBPEAK_TESTING_", extra="ignore", frozen=True)

    service_name: str = "testing"
    http_port: int = Field(default=8002, ge=0, le=65535)
    practice_attempts_per_day: int = Field(
        default=10,
        ge=1,
        description="Practice attempts a candidate may start in any rolling 24 hours (429 after).",
    )
    exposure_cap: int = Field(
        default=DEFAULT_EXPOSURE_CAP,
        ge=1,
        description=(
            "Certification attempts an item may be served in before it is flagged for retirement "
            "(ItemExposureCapReached)."
        ),
    )
    exposure_metrics_interval_seconds: float = Field(
        default=30.0,
        description="How often /metrics' exposure gauges are refreshed from the database (0: off).",
    )

    def delivery_rules(self) -> DeliveryRules:
        return DeliveryRules(
            practice_allowance=PracticeAllowance(attempts=self.practice_attempts_per_day),
            exposure_cap=self.exposure_cap,
        )
