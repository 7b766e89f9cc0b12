"""The bank cache's stored JSON texts and validated snapshots: the same as serialising anew."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from jobpeak_contracts.questions import QuestionPool
from jobpeak_testing.adapters.bank_cache import BankFingerprint, LiveBankCache, question_text
from jobpeak_testing.adapters.codec import question_json

from services.testing.tests.samples import NOW, bank, specialty_published

pytestmark = pytest.mark.unit

FINGERPRINT = BankFingerprint(bank_version=1, version_sum=3, rows=3, live=3, last_update=NOW)


def test_a_cached_question_has_the_text_it_is_stored_as() -> None:
    cache = LiveBankCache()
    questions = tuple(q for q in bank() if q.pool is QuestionPool.CERTIFICATION)
    cache.put("coding/certification", FINGERPRINT, questions, pool=QuestionPool.CERTIFICATION)

    for question in questions:
        assert json.loads(cache.text_of(question)) == question_json(question)


def test_a_question_not_cached_or_replaced_is_serialised_anew() -> None:
    cache = LiveBankCache()
    first = tuple(bank())
    cache.put("coding/certification", FINGERPRINT, first, pool=QuestionPool.CERTIFICATION)
    again = tuple(q.model_copy() for q in first)
    newer = BankFingerprint(bank_version=2, version_sum=6, rows=3, live=3, last_update=NOW)
    cache.put("coding/certification", newer, again, pool=QuestionPool.CERTIFICATION)

    assert cache.text_of(first[0]) == question_text(first[0])  # forgotten: serialised anew
    assert cache.text_of(again[0]) == question_text(again[0])
    assert cache.get("coding/certification", FINGERPRINT) is None


def test_the_indexed_pool_holds_only_the_pools_questions() -> None:
    cache = LiveBankCache()
    questions = tuple(bank())
    cached = cache.put("coding/practice", FINGERPRINT, questions, pool=QuestionPool.PRACTICE)

    practice = [q for q in questions if q.pool is QuestionPool.PRACTICE]
    assert len(cached.indexed) == len(practice)


def test_a_snapshot_is_reused_only_at_the_version_it_was_validated_at() -> None:
    snapshots = LiveBankCache().snapshots
    snapshot = specialty_published()
    snapshots.put(("coding", 1, NOW), snapshot)

    assert snapshots.get(("coding", 1, NOW)) is snapshot
    assert snapshots.get(("coding", 1, NOW + timedelta(seconds=1))) is None
    assert snapshots.get(("coding", 2, NOW)) is None
    assert snapshots.get(("other", 1, NOW)) is None
