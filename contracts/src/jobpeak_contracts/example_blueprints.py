"""The Coding specialty's two blueprints as examples (see :mod:`jobpeak_contracts.examples`)."""

from __future__ import annotations

from jobpeak_contracts.blueprints import (
    Blueprint,
    BlueprintKind,
    DifficultyMix,
    DifficultyWeights,
    RetakePolicy,
    SectionSize,
)
from jobpeak_contracts.money import Money
from jobpeak_contracts.questions import Section

FEE = Money(amount_minor=4900, currency="USD")
WEIGHTS = DifficultyWeights(easy=1.0, medium=2.0, hard=3.0)


def _blueprint(
    *,
    kind: BlueprintKind,
    title: str,
    sizes: tuple[int, int],
    mix: DifficultyMix,
    fee: Money | None,
) -> Blueprint:
    """The Coding blueprints differ only in these; both keep the seed's 78% and free retakes."""
    domain, behavioural = sizes
    return Blueprint(
        kind=kind,
        blueprint_version=1,
        title=title,
        sections=(
            SectionSize(section=Section.DOMAIN, question_count=domain),
            SectionSize(section=Section.BEHAVIOURAL, question_count=behavioural),
        ),
        domain_difficulty_mix=mix,
        difficulty_weights=WEIGHTS,
        behavioural_weighted=False,
        pass_mark=0.78,
        time_limit_minutes=None,
        retake_policy=RetakePolicy(
            allowed=True,
            cooldown_hours=0,
            lockout_after_failures=None,
            lockout_days=None,
            max_attempts=None,
            payment_per_attempt=fee is not None,
        ),
        fee=fee,
    )


def practice_blueprint() -> Blueprint:
    return _blueprint(
        kind=BlueprintKind.PRACTICE,
        title="Practice test",
        sizes=(12, 3),
        mix=DifficultyMix(easy=3, medium=6, hard=3),
        fee=None,
    )


def certification_blueprint() -> Blueprint:
    return _blueprint(
        kind=BlueprintKind.CERTIFICATION,
        title="Cognition Test",
        sizes=(40, 20),
        mix=DifficultyMix(easy=10, medium=20, hard=10),
        fee=FEE,
    )
