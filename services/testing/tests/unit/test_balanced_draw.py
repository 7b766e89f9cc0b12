"""Balanced forms: a draw meets the blueprint's per-language and per-topic domain minima."""

from __future__ import annotations

from collections import Counter

import pytest
from jobpeak_contracts.blueprints import Blueprint, DomainMinima
from jobpeak_contracts.questions import Question, Section
from jobpeak_testing.domain.assembly import Draw, assemble
from jobpeak_testing.domain.pool import QuestionPool

from services.testing.tests.samples import bank, blueprint

pytestmark = pytest.mark.unit

LANGUAGES = ("py", "js", "ts", "go", "rs", "java", "cpp", "sql")
TOPICS = ("fundamentals", "debugging", "review", "evaluation")
MINIMA = DomainMinima(per_language=dict.fromkeys(LANGUAGES, 3), per_topic=dict.fromkeys(TOPICS, 6))


def _skewed_bank() -> list[Question]:
    """The sample bank with languages and topics assigned so that "sql" and "evaluation" are rare.

    Every ninth domain question is SQL (13 of 120) and every sixth one is about evaluation (20 of
    120), so a plain draw of 40 often holds fewer than 3 SQL or 6 evaluation questions.
    """
    questions = []
    for index, sample in enumerate(bank()):
        if sample.section is not Section.DOMAIN:
            questions.append(sample)
            continue
        language = "sql" if index % 9 == 0 else LANGUAGES[index % 7]
        topic = "evaluation" if index % 6 == 0 else TOPICS[index % 3]
        questions.append(sample.model_copy(update={"language": language, "topic": topic}))
    return questions


def _balanced_blueprint() -> Blueprint:
    return blueprint().model_copy(update={"domain_minima": MINIMA})


def _groups(draw: Draw) -> tuple[Counter[str | None], Counter[str]]:
    domain = [item.question for item in draw.items if item.question.section is Section.DOMAIN]
    return Counter(q.language for q in domain), Counter(q.topic for q in domain)


def _meets_minima(draw: Draw) -> bool:
    languages, topics = _groups(draw)
    return all(languages[language] >= 3 for language in LANGUAGES) and all(
        topics[topic] >= 6 for topic in TOPICS
    )


def test_every_draw_meets_the_minima_and_keeps_the_blueprint_counts() -> None:
    pool = QuestionPool.of(_skewed_bank())
    plain_short = 0
    for seed in range(200):
        plain = assemble(blueprint=blueprint(), pool=pool, seen=(), seed=seed)
        draw = assemble(blueprint=_balanced_blueprint(), pool=pool, seen=(), seed=seed)
        plain_short += not _meets_minima(plain)
        assert _meets_minima(draw), seed
        assert Counter(item.stratum for item in draw.items) == Counter(
            item.stratum for item in plain.items
        )
        assert len({item.question_id for item in draw.items}) == 60
        assert draw.cells == bytes(item.pooled.cell for item in draw.items)
        assert all(
            sorted(order) == sorted(item.pooled.option_ids)
            for item, order in zip(draw.items, draw.option_orders, strict=True)
        )
    assert plain_short > 50, "the skewed bank must make plain draws fall short often"


def test_the_balanced_draw_is_a_function_of_the_seed_and_touches_only_short_draws() -> None:
    pool = QuestionPool.of(_skewed_bank())
    for seed in range(40):
        first = assemble(blueprint=_balanced_blueprint(), pool=pool, seen=(), seed=seed)
        again = assemble(blueprint=_balanced_blueprint(), pool=pool, seen=(), seed=seed)
        plain = assemble(blueprint=blueprint(), pool=pool, seen=(), seed=seed)
        assert first == again
        if _meets_minima(plain):
            assert first == plain


def test_replacements_are_unseen_questions_while_there_are_any() -> None:
    questions = _skewed_bank()
    pool = QuestionPool.of(questions)
    sql = sorted(q.id for q in questions if q.language == "sql")
    seen = set(sql[:4])
    swapped_in: list[str] = []
    for seed in range(40):
        draw = assemble(blueprint=_balanced_blueprint(), pool=pool, seen=seen, seed=seed)
        plain = assemble(blueprint=blueprint(), pool=pool, seen=seen, seed=seed)
        assert _meets_minima(draw)
        swapped_in += [item.question_id for item in draw.items if item not in plain.items]
    assert swapped_in, "some draws must have needed a repair"
    assert seen.isdisjoint(swapped_in)


def test_a_pool_that_cannot_meet_the_minima_still_serves_the_attempt() -> None:
    questions = [
        q.model_copy(update={"language": "py"}) if q.section is Section.DOMAIN else q
        for q in bank()
    ]
    draw = assemble(
        blueprint=_balanced_blueprint(), pool=QuestionPool.of(questions), seen=(), seed=5
    )
    assert len(draw.items) == 60
