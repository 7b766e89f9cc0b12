"""The public page of a published specialty, rendered from its published snapshot (pure).

The page never shows the certification fee: billing shows it at checkout.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobpeak_contracts.money import Money, format_money
from jobpeak_runtime.attributes import from_attributes

from jobpeak_catalog.application.views import (
    CertificationFacts,
    PracticeFacts,
    RetakeFacts,
    SpecialtyPage,
    SpecialtySummary,
)
from jobpeak_catalog.domain.blueprint import Blueprint
from jobpeak_catalog.domain.publication import PublishedSnapshot


def summary(
    snapshot: PublishedSnapshot, *, highest_live_ceiling: bool, practice_available: bool
) -> SpecialtySummary:
    definition = snapshot.definition
    return from_attributes(
        SpecialtySummary,
        definition,
        hourly_rate_ceiling=definition.rate_ceiling,
        highest_live_ceiling=highest_live_ceiling,
        practice_available=practice_available,
        practice_question_count=definition.practice.question_count,
        certification_question_count=definition.certification.question_count,
    )


def page(
    snapshot: PublishedSnapshot,
    *,
    highest_live_ceiling: bool,
    practice_available: bool,
    published_at: datetime,
) -> SpecialtyPage:
    definition = snapshot.definition
    practice = definition.practice
    certification = definition.certification
    policy = certification.retake_policy
    return from_attributes(
        SpecialtyPage,
        definition,
        hourly_rate_ceiling=definition.rate_ceiling,
        highest_live_ceiling=highest_live_ceiling,
        languages=[language.name for language in definition.languages],
        topics=[topic.name for topic in definition.topics.domain],
        sample_question_kinds=list(definition.sample_question_kinds),
        practice=from_attributes(
            PracticeFacts,
            practice,
            available=practice_available,
            **_section_counts(practice),
        ),
        certification=CertificationFacts(
            title=certification.title,
            question_count=certification.question_count,
            pass_mark=certification.pass_mark,
            time_limit_minutes=certification.time_limit_minutes,
            retake_policy=from_attributes(
                RetakeFacts, policy, lockout=policy.lockout_after_failures is not None
            ),
            **_section_counts(certification),
        ),
        bank_question_count=snapshot.active_question_count,
        key_facts=key_facts(
            snapshot,
            highest_live_ceiling=highest_live_ceiling,
            practice_available=practice_available,
        ),
        published_at=published_at,
    )


def _section_counts(blueprint: Blueprint) -> dict[str, Any]:
    """What the page shows of a blueprint's two sections."""
    return {
        "domain_question_count": blueprint.domain.count,
        "behavioural_question_count": blueprint.behavioural.count,
        "difficulty_mix": blueprint.domain.mix,
    }


def key_facts(
    snapshot: PublishedSnapshot, *, highest_live_ceiling: bool, practice_available: bool
) -> list[str]:
    """The product page's "key facts", as sentences built from data."""
    definition = snapshot.definition
    practice = definition.practice
    certification = definition.certification
    availability = " Available now." if practice_available else ""
    ceiling = f"Rate ceiling: Up to {shown_money(definition.rate_ceiling)}/hr"
    if highest_live_ceiling:
        ceiling += " (the highest live rate ceiling on the platform)"
    mix = certification.domain.mix
    return [
        f"{practice.title}: free, {_composition(practice)}.{availability}",
        f"{certification.title}: {_composition(certification)}. Fee published at checkout.",
        f"Pass mark: {_percent(certification.pass_mark)} — {_time_limit(certification)}.",
        ceiling,
        f"Tier: {definition.tier}",
        f"Retake policy: {_retakes(certification)}.",
        f"Difficulty mix: {mix.easy} easy / {mix.medium} medium / {mix.hard} hard in the domain"
        " section. Behavioural section unweighted by difficulty.",
        f"After passing: matched to live work within {definition.match_sla_days} days.",
    ]


def shown_money(money: Money) -> str:
    """Money as the public pages show it: ``$100``, ``€45.50``, ``1,200,000 JPY``."""
    return format_money(money.amount_minor, money.currency, symbol=True, hide_zero_fraction=True)


def _composition(blueprint: Blueprint) -> str:
    parts = f"{blueprint.domain.count} domain"
    if blueprint.behavioural.count:
        parts += f" + {blueprint.behavioural.count} behavioural"
    return f"{blueprint.question_count} questions ({parts})"


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 1):g}%"


def _time_limit(blueprint: Blueprint) -> str:
    if blueprint.time_limit_minutes is None:
        return "no time limit"
    return f"{blueprint.time_limit_minutes}-minute time limit"


def _retakes(blueprint: Blueprint) -> str:
    policy = blueprint.retake_policy
    if not policy.allowed:
        return "No retakes"
    clauses = []
    if policy.lockout_after_failures is None:
        clauses.append("no lockout after a failed attempt")
    else:
        clauses.append(
            f"locked out for {policy.lockout_days} days after"
            f" {policy.lockout_after_failures} failed attempts in a row"
        )
    if policy.cooldown_hours:
        clauses.append(f"{policy.cooldown_hours} hours between attempts")
    if policy.max_attempts is not None:
        clauses.append(f"at most {policy.max_attempts} attempts")
    return "Yes — " + "; ".join(clauses)
