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


def practice_blueprint() -> Blueprint:
    return Blueprint(
        kind=BlueprintKind.PRACTICE,
        blueprint_version=1,
        title="Practice test",
        sections=(
            SectionSize(section=Section.DOMAIN, question_count=12),
            SectionSize(section=Section.BEHAVIOURAL, question_count=3),
        ),
        domain_difficulty_mix=DifficultyMix(easy=3, medium=6, hard=3),
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
            payment_per_attempt=False,
        ),
        fee=None,
    )


def certification_blueprint() -> Blueprint:
    return Blueprint(
        kind=BlueprintKind.CERTIFICATION,
        blueprint_version=1,
        title="Cognition Test",
        sections=(
            SectionSize(section=Section.DOMAIN, question_count=40),
            SectionSize(section=Section.BEHAVIOURAL, question_count=20),
        ),
        domain_difficulty_mix=DifficultyMix(easy=10, medium=20, hard=10),
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
            payment_per_attempt=True,
        ),
        fee=FEE,
    )
