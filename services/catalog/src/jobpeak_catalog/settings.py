"""The catalog's settings, read from ``JOBPEAK_CATALOG_*`` environment variables."""

from __future__ import annotations

from jobpeak_runtime.settings import ServiceSettings
from pydantic_settings import SettingsConfigDict


class CatalogSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="JOBPEAK_CATALOG_", extra="ignore", frozen=True)

    service_name: str = "catalog"
