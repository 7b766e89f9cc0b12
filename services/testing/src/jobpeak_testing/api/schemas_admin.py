"""What the admin exposure endpoint returns: ids and counts only, never question content."""

from __future__ import annotations

from jobpeak_runtime.attributes import ResponseView
from pydantic import Field

from jobpeak_testing.application.exposure import ExposureReport
from jobpeak_testing.domain.exposure import StratumExposure


class StratumExposureView(ResponseView):
    stratum: str = Field(examples=["domain/easy", "behavioural"])
    live_items: int
    per_form: int = Field(description="Items one certification form draws from the stratum.")
    served: int = Field(description="Servings of the stratum's items over all attempts.")
    most_served: int
    at_cap: int = Field(description="Items at or over the exposure cap (flagged for retirement).")
    headroom: int = Field(
        description="Disjoint forms the items below the cap can still fill in this stratum."
    )

    @classmethod
    def of(cls, stratum: StratumExposure) -> StratumExposureView:
        return cls.read(stratum, stratum=str(stratum.stratum))


class ExposureView(ResponseView):
    specialty_slug: str
    bank_version: int
    exposure_cap: int
    headroom: int = Field(description="Disjoint whole forms left: the tightest stratum's headroom.")
    strata: list[StratumExposureView]
    items: dict[str, int] = Field(description="Servings per live certification item, by id.")

    @classmethod
    def of(cls, report: ExposureReport) -> ExposureView:
        return cls.read(
            report,
            exposure_cap=report.cap,
            strata=[StratumExposureView.of(stratum) for stratum in report.strata],
            items=report.served,
        )
