"""The catalog's announcements billing's fee replica reads, as test data."""

from __future__ import annotations

from jobpeak_contracts.events.catalog import SpecialtyPublished
from jobpeak_contracts.example_blueprints import certification_blueprint
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.money import Money

from services.billing.tests.support.stripe_webhooks import FEE


def specialty_published(
    *, slug: str = "coding", revision: int = 1, fee: Money = FEE
) -> SpecialtyPublished:
    """Coding as the catalog publishes it (contracts' example), with this fee and revision."""
    template = next(e for e in example_events() if isinstance(e, SpecialtyPublished))
    blueprint = certification_blueprint().model_copy(update={"fee": fee})
    return template.model_copy(
        update={"specialty_slug": slug, "revision": revision, "certification_blueprint": blueprint}
    )
