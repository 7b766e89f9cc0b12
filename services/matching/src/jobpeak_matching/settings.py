"""The matching service's settings (environment variables prefixed ``JOBPEAK_MATCHING_``)."""

from __future__ import annotations

from datetime import timedelta

from jobpeak_runtime.periodic import interval_setting
from jobpeak_runtime.settings import ServiceSettings
from pydantic import Field
from pydantic_settings import SettingsConfigDict

from jobpeak_matching.domain.work import StartHorizon


class MatchingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="JOBPEAK_MATCHING_", extra="ignore", frozen=True)

    service_name: str = "matching"
    http_port: int = Field(default=8004, ge=0, le=65535)

    offer_ttl_seconds: float = Field(
        default=48 * 3600.0,
        gt=0,
        description="How long a reviewer may answer an offer before it expires and is re-offered.",
    )
    scheduler_interval_seconds: float = interval_setting(
        30.0,
        task="Period of the in-process task that expires lapsed offers, re-offers their seats "
        "and records SLA breaches",
    )

    work_start_past_skew_seconds: float = Field(
        default=300.0,
        ge=0,
        description="How far in the past posted work may start (a client's clock skew).",
    )
    work_start_horizon_days: float = Field(
        default=90.0, gt=0, description="How far ahead posted work may start."
    )

    @property
    def offer_ttl(self) -> timedelta:
        return timedelta(seconds=self.offer_ttl_seconds)

    @property
    def work_start_horizon(self) -> StartHorizon:
        return StartHorizon(
            past_skew=timedelta(seconds=self.work_start_past_skew_seconds),
            ahead=timedelta(days=self.work_start_horizon_days),
        )
