"""The exposure gauges on ``/metrics``: per item servings and per stratum headroom.

Refreshed from the database by a periodic task and whenever an admin reads the exposure report,
so every replica shows the same figures (the counts live in the database, not in a process).
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client import CollectorRegistry, Gauge

from jobpeak_testing.application.exposure import ExposureReport


class ExposureGauges:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.item_exposure = Gauge(
            "jobpeak_testing_item_exposure",
            "Certification attempts that served the item.",
            ["specialty_slug", "question_id"],
            registry=registry,
        )
        self.form_headroom = Gauge(
            "jobpeak_testing_form_headroom",
            "More disjoint certification forms the live items below the exposure cap can fill.",
            ["specialty_slug", "stratum"],
            registry=registry,
        )
        self.items_at_cap = Gauge(
            "jobpeak_testing_items_at_exposure_cap",
            "Live certification items at or over the exposure cap (flagged for retirement).",
            ["specialty_slug", "stratum"],
            registry=registry,
        )
        self.exposure_cap = Gauge(
            "jobpeak_testing_exposure_cap",
            "Servings after which a certification item is flagged for retirement.",
            registry=registry,
        )

    def show(self, reports: Iterable[ExposureReport]) -> None:
        """Replace every figure with those of ``reports`` (one per published specialty)."""
        for gauge in (self.item_exposure, self.form_headroom, self.items_at_cap):
            gauge.clear()
        for report in reports:
            slug = report.specialty_slug
            self.exposure_cap.set(report.cap)
            for question_id, served in report.served.items():
                self.item_exposure.labels(specialty_slug=slug, question_id=question_id).set(served)
            for stratum in report.strata:
                name = str(stratum.stratum)
                self.form_headroom.labels(specialty_slug=slug, stratum=name).set(stratum.headroom)
                self.items_at_cap.labels(specialty_slug=slug, stratum=name).set(stratum.at_cap)
            self.form_headroom.labels(specialty_slug=slug, stratum="all").set(report.headroom)
