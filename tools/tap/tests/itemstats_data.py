"""A seeded set of certification responses and its item statistics computed directly with numpy,
independently of :mod:`jobpeak_tap.itemstats`.

Two forms of one bank of 16 items: ``coding/bank-v1`` with 90 attempts and ``coding/bank-v2``
with 36, each attempt drawing 10 items, answered by a logistic model of ability. ``cod-cert-007``
is miskeyed (the weaker candidates get it right: negative discrimination) and ``cod-cert-000`` is
nearly always right (p-value above the band). On bank v2 every item has n < 30: suppressed.
"""

from __future__ import annotations

import math
import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pytest
from jobpeak_contracts.events import CertificationItemResponse, ItemResponsesRecordedV2

QUESTIONS = [f"cod-cert-{index:03d}" for index in range(16)]
DIFFICULTY = {"easy": -1.5, "medium": 0.0, "hard": 1.2}
MISKEYED, TOO_EASY = "cod-cert-007", "cod-cert-000"
FORMS = {1: 90, 2: 36}
DRAWN = 10
MIN_N, PASS_MARK = 30, 0.78
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def labels(question_id: str) -> dict[str, Any]:
    """The bank's labels of a question: 12 domain items over three difficulties, 4 behavioural."""
    index = QUESTIONS.index(question_id)
    if index >= 12:
        return {
            "section": "behavioural",
            "difficulty": None,
            "topic": "ai-output",
            "language": None,
        }
    return {
        "section": "domain",
        "difficulty": ("easy", "medium", "hard")[index % 3],
        "topic": ("debugging", "code-review")[index % 2],
        "language": ("Python", "SQL", "JavaScript")[index % 3],
    }


def _correct(draw: random.Random, ability: float, question_id: str) -> bool:
    if question_id == TOO_EASY:
        return draw.random() < 0.99
    if question_id == MISKEYED:
        return ability < 0
    level = DIFFICULTY[labels(question_id)["difficulty"] or "medium"]
    return draw.random() < 1 / (1 + math.exp(-(ability - level)))


def seeded_responses(seed: int = 20) -> list[ItemResponsesRecordedV2]:
    draw = random.Random(seed)
    events = []
    for bank_version, attempts in FORMS.items():
        for number in range(attempts):
            ability = draw.gauss(0, 1)
            served = draw.sample(QUESTIONS, DRAWN)
            events.append(
                ItemResponsesRecordedV2(
                    attempt_id=uuid.UUID(int=draw.getrandbits(128)),
                    candidate_id=str(uuid.UUID(int=draw.getrandbits(128))),
                    specialty_slug="coding",
                    blueprint_version=1,
                    bank_version=bank_version,
                    responses=tuple(
                        CertificationItemResponse(
                            question_id=q,
                            correct=_correct(draw, ability, q),
                            question_version=bank_version,
                            **labels(q),
                        )
                        for q in served
                    ),
                    recorded_at=T0 + timedelta(minutes=number),
                )
            )
    return events


def _none_if_nan(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def direct_statistics(events: list[ItemResponsesRecordedV2]) -> dict[str, dict[str, Any]]:
    """Expected figures by ``statistics_id``, from a marks matrix (NaN where not drawn)."""
    exposure = {
        q: sum(q in {r.question_id for r in e.responses} for e in events) for q in QUESTIONS
    }
    expected: dict[str, dict[str, Any]] = {}
    for bank_version in FORMS:
        form = [e for e in events if e.bank_version == bank_version]
        marks = np.full((len(form), len(QUESTIONS)), np.nan)
        for row, event in enumerate(form):
            for response in event.responses:
                marks[row, QUESTIONS.index(response.question_id)] = float(response.correct)
        totals = np.nansum(marks, axis=1)
        drawn = ~np.isnan(marks)
        p = np.nanmean(marks, axis=0)
        for column, question_id in enumerate(QUESTIONS):
            mask = drawn[:, column]
            n = int(mask.sum())
            item: dict[str, Any] = {"n": n, "suppressed": n < MIN_N, "labels": labels(question_id)}
            if n >= MIN_N:
                x = marks[mask, column]
                rest = totals[mask] - x
                r = np.nan if x.std() == 0 or rest.std() == 0 else np.corrcoef(x, rest)[0, 1]
                flags = []
                if not math.isnan(r) and r < 0:
                    flags.append("negative_discrimination")
                if not 0.2 <= p[column] <= 0.95:
                    flags.append("p_value_outside_band")
                item |= {
                    "p_value": float(p[column]),
                    "point_biserial": _none_if_nan(r),
                    "exposure_count": exposure[question_id],
                    "flags": flags,
                }
            expected[f"item:coding:{bank_version}:{question_id}"] = item
        k = drawn.sum(axis=1).mean()
        pq = np.where(drawn, p * (1 - p), 0.0).sum(axis=1).mean()
        kr20 = k / (k - 1) * (1 - pq / totals.var())
        cut = PASS_MARK * k
        expected[f"form:coding:{bank_version}"] = {
            "attempts": len(form),
            "items_per_attempt": float(k),
            "mean_score": float(totals.mean()),
            "sd_score": float(totals.std()),
            "kr20": float(kr20),
            "sem_items": float(totals.std() * math.sqrt(1 - kr20)),
            "sem_share": float(totals.std() * math.sqrt(1 - kr20) / k),
            "sem_at_cut_items": math.sqrt(cut * (k - cut) / (k - 1)),
        }
    return expected


def assert_published_figures_match(
    published: dict[str, dict[str, Any]], expected: dict[str, dict[str, Any]]
) -> None:
    """``published`` (payloads by ``statistics_id``) holds exactly the ``expected`` figures."""
    assert sorted(published) == sorted(expected)
    for key, want in expected.items():
        got = published[key]
        assert (got["pool"], got["min_n"]) == ("certification", MIN_N), key
        if key.startswith("form:"):
            for name, value in want.items():
                assert got[name] == pytest.approx(value), (key, name)
            assert got["pass_mark"] == PASS_MARK
            continue
        tags = want["labels"]
        assert (got["n"], got["suppressed"]) == (want["n"], want["suppressed"]), key
        assert (got["section"], got["difficulty"]) == (tags["section"], tags["difficulty"]), key
        assert (got["question_topic"], got["language"]) == (tags["topic"], tags["language"]), key
        if want["suppressed"]:
            figures = (got["p_value"], got["point_biserial"], got["exposure_count"], got["flags"])
            assert figures == (None, None, None, []), key
            continue
        assert got["p_value"] == pytest.approx(want["p_value"]), key
        assert got["point_biserial"] == pytest.approx(want["point_biserial"]), key
        assert (got["exposure_count"], got["flags"]) == (want["exposure_count"], want["flags"]), key
