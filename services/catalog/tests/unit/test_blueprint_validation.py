"""Blueprint rules: every bad input is refused with the field it is about."""

from __future__ import annotations

from typing import Any

import pytest
from jobpeak_catalog.domain.blueprint import Blueprint
from jobpeak_catalog.domain.problems import Problem, problems_from_validation_error
from pydantic import ValidationError

pytestmark = pytest.mark.unit


def certification(**overrides: Any) -> dict[str, Any]:
    blueprint: dict[str, Any] = {
        "kind": "certification",
        "title": "Cognition Test",
        "question_count": 60,
        "domain": {
            "count": 40,
            "mix": {"easy": 10, "medium": 20, "hard": 10},
            "weights": {"easy": 1, "medium": 2, "hard": 3},
        },
        "behavioural": {"count": 20},
        "pass_mark": 0.78,
        "time_limit_minutes": None,
        "retake_policy": {
            "allowed": True,
            "cooldown_hours": 0,
            "lockout_after_failures": None,
            "lockout_days": None,
            "max_attempts": None,
            "payment_per_attempt": True,
        },
        "fee": {"amount_minor": 2500, "currency": "USD"},
    }
    blueprint.update(overrides)
    return blueprint


def problems_of(document: dict[str, Any]) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        Blueprint.model_validate(document)
    return problems_from_validation_error(caught.value, prefix=("certification",))


def test_a_consistent_certification_is_accepted() -> None:
    blueprint = Blueprint.model_validate(certification())

    assert blueprint.question_count == 60
    assert blueprint.domain.mix.total == 40


def test_section_counts_that_do_not_add_up_name_question_count() -> None:
    [problem] = problems_of(certification(question_count=61))

    assert problem.field == "certification.question_count"
    assert "add up to 60" in problem.message


def test_a_mix_that_does_not_match_the_domain_count_names_the_mix() -> None:
    document = certification()
    document["domain"] = {**document["domain"], "mix": {"easy": 10, "medium": 20, "hard": 9}}

    [problem] = problems_of(document)

    assert problem.field == "certification.domain.mix"
    assert "39" in problem.message
    assert "40" in problem.message


@pytest.mark.parametrize("pass_mark", [-0.01, 1.01, 78])
def test_a_pass_mark_outside_zero_to_one_names_pass_mark(pass_mark: float) -> None:
    [problem] = problems_of(certification(pass_mark=pass_mark))

    assert problem.field == "certification.pass_mark"


def test_a_negative_fee_names_the_amount() -> None:
    [problem] = problems_of(certification(fee={"amount_minor": -1, "currency": "USD"}))

    assert problem.field == "certification.fee.amount_minor"


def test_a_certification_needs_a_fee_above_zero() -> None:
    assert problems_of(certification(fee=None))[0].field == "certification.fee"
    zero = problems_of(certification(fee={"amount_minor": 0, "currency": "USD"}))
    assert zero[0].field == "certification.fee.amount_minor"


def test_practice_is_free() -> None:
    practice = certification(kind="practice", fee={"amount_minor": 100, "currency": "USD"})

    [problem] = problems_of(practice)

    assert problem.field == "certification.fee"
    assert "free" in problem.message


def test_forbidden_retakes_allow_at_most_one_attempt() -> None:
    policy = {**certification()["retake_policy"], "allowed": False, "max_attempts": 3}

    [problem] = problems_of(certification(retake_policy=policy))

    assert problem.field == "certification.retake_policy.max_attempts"


def test_every_problem_is_reported_at_once() -> None:
    document = certification(pass_mark=2, fee={"amount_minor": -5, "currency": "usd"})

    fields = {problem.field for problem in problems_of(document)}

    assert fields == {
        "certification.pass_mark",
        "certification.fee.amount_minor",
        "certification.fee.currency",
    }
