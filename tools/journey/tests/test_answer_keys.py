"""The seed's keys carried onto items as testing serves them: shuffled, relabelled, keyless."""

from __future__ import annotations

import random

import pytest
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from jobpeak_journey.answer_keys import AnswerKeys, KeyMismatch, leaked_texts
from jobpeak_journey.models import AnswerBody, Item, Option

pytestmark = pytest.mark.unit

LABELS = "abcdefgh"


def served(question: Question, *, seed: int) -> tuple[Item, dict[str, str]]:
    """``question`` as testing would serve it, options shuffled; also label → original id."""
    options = list(getattr(question, "options", None) or [])
    random.Random(seed).shuffle(options)
    item = Item(
        position=0,
        question_id=question.id,
        section=question.section,
        format=question.format,
        topic=question.topic,
        language=question.language,
        stem=question.stem,
        options=[Option(label=LABELS[i], text=o.text) for i, o in enumerate(options)] or None,
        line_count=len(question.code.splitlines())
        if isinstance(question, FaultyLinesQuestion)
        else None,
    )
    return item, {LABELS[i]: option.id for i, option in enumerate(options)}


def graded_correct(question: Question, answer: AnswerBody, original: dict[str, str]) -> bool:
    """The contracts' grading rule for each format, applied to a served answer."""
    match question:
        case SingleChoiceQuestion():
            return answer.choice is not None and original[answer.choice] == question.answer
        case MultipleSelectQuestion():
            chosen = {original[label] for label in answer.choices or []}
            return chosen == set(question.answer)
        case FaultyLinesQuestion():
            return set(answer.lines or []) == set(question.answer)
        case TrueFalseQuestion():
            return answer.value is question.answer
    raise AssertionError(question)


@pytest.fixture(scope="module")
def seed_keys() -> AnswerKeys:
    return AnswerKeys.from_seed()


def test_every_seed_question_can_be_answered_right_and_wrong_whatever_the_shuffle(
    seed_keys: AnswerKeys,
) -> None:
    assert len(seed_keys.questions) >= 150
    for index, question in enumerate(seed_keys.questions.values()):
        item, original = served(question, seed=index)
        assert graded_correct(question, seed_keys.correct(item), original), question.id
        assert not graded_correct(question, seed_keys.wrong(item), original), question.id


def test_a_true_false_item_is_answered_by_value() -> None:
    question = TrueFalseQuestion(
        id="tf-001", version=1, specialty="coding", section="behavioural", difficulty=None,
        topic="pacing", stem="Reviewers may skip the brief.", explanation="They may not.",
        answer=False,
    )  # fmt: skip
    keys = AnswerKeys({question.id: question})
    item, original = served(question, seed=1)
    assert keys.correct(item) == AnswerBody(value=False)
    assert not graded_correct(question, keys.wrong(item), original)


def test_an_item_unknown_to_the_seed_or_of_another_format_is_refused(
    seed_keys: AnswerKeys,
) -> None:
    question = next(iter(seed_keys.questions.values()))
    item, _ = served(question, seed=3)
    with pytest.raises(KeyMismatch):
        seed_keys.correct(item.model_copy(update={"question_id": "cod-none-999"}))
    other = "true_false" if question.format != "true_false" else "single_choice"
    with pytest.raises(KeyMismatch):
        seed_keys.correct(item.model_copy(update={"format": other}))


def test_an_item_that_does_not_show_the_keyed_option_is_refused() -> None:
    question = SingleChoiceQuestion(
        id="sc-001", version=1, specialty="coding", section="domain", difficulty="easy",
        topic="debugging", stem="Which?", explanation="Because.", answer="b",
        options=[{"id": "a", "text": "first"}, {"id": "b", "text": "second"}],
    )  # fmt: skip
    keys = AnswerKeys({question.id: question})
    item, _ = served(question, seed=0)
    changed = item.model_copy(update={"options": [Option(label="a", text="first")] * 2})
    with pytest.raises(KeyMismatch):
        keys.correct(changed)


def test_the_leak_detector_finds_keyed_texts_and_explanations_in_nested_json(
    seed_keys: AnswerKeys,
) -> None:
    keyed = seed_keys.unambiguous_keyed_texts()
    explanations = seed_keys.explanations()
    assert len(keyed) > 50
    text = next(iter(keyed))
    explanation = next(iter(explanations))
    document = {"items": [{"notes": ["x", f"prefix {text} suffix"]}], "why": explanation}
    assert leaked_texts(document, keyed | explanations) == {text, explanation}
    assert leaked_texts({"items": [], "score": 0.8}, keyed | explanations) == set()


def test_a_keyed_text_that_a_stem_also_shows_is_not_searched_for() -> None:
    question = SingleChoiceQuestion(
        id="sc-002", version=1, specialty="coding", section="domain", difficulty="easy",
        topic="debugging", stem="Does list.sort() return None in Python?",
        explanation="It sorts in place.", answer="a",
        options=[{"id": "a", "text": "list.sort() return None"}, {"id": "b", "text": "no, never"}],
    )  # fmt: skip
    assert AnswerKeys({question.id: question}).unambiguous_keyed_texts() == set()


def test_an_answer_has_exactly_one_shape() -> None:
    assert AnswerBody(lines=[2, 3]).as_json() == {"lines": [2, 3]}
    with pytest.raises(ValueError, match="exactly one"):
        AnswerBody(choice="a", value=True)
    with pytest.raises(ValueError, match="exactly one"):
        AnswerBody()


def test_question_content_is_collected_for_the_public_topic_check(seed_keys: AnswerKeys) -> None:
    content = seed_keys.content_texts()
    question = seed_keys.questions["cod-py-001"]
    assert question.stem.strip() in content
    assert (question.code or "").strip() in content
    assert all(len(text) >= 16 for text in content)
