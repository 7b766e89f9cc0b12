"""Item statistics against response sets whose figures are known or directly computed."""

from __future__ import annotations

import json
import math
import random
import statistics
import uuid
from datetime import UTC, datetime

import pytest
from jobpeak_contracts.attributes import HEADER_SYNTHETIC
from jobpeak_contracts.blueprints import BlueprintKind
from jobpeak_contracts.envelope import encode
from jobpeak_contracts.events import (
    CertificationItemResponse,
    ItemResponsesRecorded,
    ItemResponsesRecordedV2,
)
from jobpeak_contracts.events.testing import ItemResponse
from jobpeak_tap.cli import main
from jobpeak_tap.itemstats import NO_LABELS, ScoredAttempt, item_statistics
from jobpeak_tap.itemstats_job import attempts_of, report_document

pytestmark = pytest.mark.unit

FORM = "coding/bank-v1"


def fixed_form(rows: list[list[bool]], questions: list[str]) -> list[ScoredAttempt]:
    return [
        ScoredAttempt(f"a{index}", FORM, dict(zip(questions, row, strict=True)))
        for index, row in enumerate(rows)
    ]


def test_identical_items_are_perfectly_reliable() -> None:
    """k copies of one item: var(X) = k^2 pq and sum pq = k pq, so KR-20 = 1 and SEM = 0."""
    column = [index % 4 != 0 for index in range(40)]  # p = 0.75
    attempts = fixed_form([[mark] * 5 for mark in column], [f"q-{i}" for i in range(5)])
    report = item_statistics(attempts)
    [form] = report.forms
    assert form.kr20 == pytest.approx(1.0)
    assert form.sem_items == pytest.approx(0.0)
    assert {item.p_value for item in report.items} == {0.75}
    assert all(item.point_biserial == pytest.approx(1.0) for item in report.items)


def test_seeded_responses_match_a_direct_computation() -> None:
    draw = random.Random(20)
    questions = [f"q-{i:02d}" for i in range(12)]
    ability = [draw.gauss(0, 1) for _ in range(300)]
    difficulty = [draw.uniform(-1.5, 1.5) for _ in questions]
    rows = [[draw.random() < 1 / (1 + math.exp(-(a - b))) for b in difficulty] for a in ability]
    report = item_statistics(fixed_form(rows, questions))

    totals = [sum(row) for row in rows]
    p = [sum(row[i] for row in rows) / len(rows) for i in range(len(questions))]
    for i, item in enumerate(report.items):
        marks = [float(row[i]) for row in rows]
        rests = [total - mark for total, mark in zip(totals, marks, strict=True)]
        assert (item.question_id, item.n) == (questions[i], 300)
        assert item.p_value == pytest.approx(p[i])
        assert item.point_biserial == pytest.approx(statistics.correlation(marks, rests))
        assert item.point_biserial is not None
        assert item.point_biserial > 0  # every item follows the same ability
    k = len(questions)
    kr20 = k / (k - 1) * (1 - sum(q * (1 - q) for q in p) / statistics.pvariance(totals))
    [form] = report.forms
    assert form.kr20 == pytest.approx(kr20)
    sem = statistics.pstdev(totals) * math.sqrt(1 - kr20)
    assert form.sem_items == pytest.approx(sem)
    assert form.sem_share == pytest.approx(sem / k)
    assert 0.5 < kr20 < 0.95


def test_items_below_the_minimum_n_are_suppressed_and_misfits_flagged() -> None:
    """q-easy is drawn by all 40 and always right; q-rare by 29 only; q-odd is right exactly
    for the 20 weakest candidates (negative discrimination)."""
    attempts = []
    for index in range(40):
        strong = index >= 20
        responses = {"q-easy": True, "q-a": strong, "q-b": strong, "q-odd": not strong}
        if index < 29:
            responses["q-rare"] = index % 2 == 0
        attempts.append(ScoredAttempt(f"a{index}", FORM, responses))
    items = {item.question_id: item for item in item_statistics(attempts).items}
    rare = items["q-rare"]
    assert (rare.n, rare.suppressed, rare.p_value, rare.point_biserial) == (29, True, None, None)
    assert items["q-easy"].p_value == 1.0
    assert items["q-easy"].point_biserial is None  # an item nobody misses cannot discriminate
    assert items["q-easy"].flags == ("p_value_outside_band",)
    assert items["q-odd"].p_value == 0.5
    assert items["q-odd"].point_biserial is not None
    assert items["q-odd"].point_biserial < 0
    assert items["q-odd"].flags == ("negative_discrimination",)


def _recorded(kind: BlueprintKind, marks: dict[str, bool]) -> ItemResponsesRecorded:
    return ItemResponsesRecorded(
        attempt_id=uuid.uuid4(),
        candidate_id=str(uuid.uuid4()),
        specialty_slug="coding",
        kind=kind,
        bank_version=3,
        responses=tuple(ItemResponse(question_id=q, correct=c) for q, c in marks.items()),
        recorded_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )


def test_only_real_certification_attempts_are_counted_once_each() -> None:
    certification = encode(
        ItemResponsesRecordedV2(
            attempt_id=uuid.uuid4(),
            candidate_id=str(uuid.uuid4()),
            specialty_slug="coding",
            blueprint_version=1,
            bank_version=3,
            responses=(CertificationItemResponse(question_id="cod-q-001", correct=True),),
            recorded_at=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
        )
    )
    practice = encode(_recorded(BlueprintKind.PRACTICE, {"cod-p-001": True}))
    synthetic = encode(_recorded(BlueprintKind.CERTIFICATION, {"cod-q-002": False}))  # v1
    records = [
        (record.topic, headers, record.value)
        for record, headers in (
            (certification, certification.headers),
            (certification, certification.headers),  # redelivered
            (practice, practice.headers),
            (synthetic, [*synthetic.headers, (HEADER_SYNTHETIC, b"true")]),
        )
    ]
    [attempt] = attempts_of(records)
    assert (attempt.form, dict(attempt.responses)) == ("coding/bank-v3", {"cod-q-001": True})
    assert dict(attempt.labels) == {"cod-q-001": NO_LABELS}  # written before labels existed
    assert len(attempts_of(records, include_synthetic=True)) == 2


def test_the_report_holds_ids_and_numbers_only() -> None:
    attempts = fixed_form([[True, False]] * 15 + [[False, True]] * 15, ["cod-q-001", "cod-q-002"])
    document = report_document(item_statistics(attempts))
    text = json.dumps(document)
    assert set(document) == {"min_n", "forms", "items"}
    assert {key for item in document["items"] for key in item} == {  # type: ignore[attr-defined]
        "form",
        "question_id",
        "n",
        "suppressed",
        "p_value",
        "point_biserial",
        "flags",
        "exposure_count",
        "labels",
    }
    for word in ("stem", "option", "answer", "key", "explanation"):
        assert word not in text


@pytest.mark.parametrize(
    ("option", "message"), [("--min-n=0", "1 or more"), ("--pass-mark=78", "between 0 and 1")]
)
def test_bad_settings_are_refused_with_a_clear_message(
    option: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["item-stats", option])
    assert refused.value.code == 2
    assert message in capsys.readouterr().err
