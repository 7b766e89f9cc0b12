"""The answer keys of the Coding seed, mapped onto items as the testing service serves them.

The demo and the end-to-end test play candidates who answer right or wrong on purpose, so they
read the keys from the catalog's seed files (a development tool may; nothing served does).
Testing shuffles options and relabels them per attempt, so a choice key (an option id of the
file) is carried over by option text, which is distinct within a question.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobpeak_catalog.adapters.bankfiles import read_seed_directory
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
    QuestionPool,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from jobpeak_devstack.platform import CODING_SEED

from jobpeak_journey.models import AnswerBody, Item

MIN_UNAMBIGUOUS_TEXT = 16
"""Keyed option texts at least this long are specific enough to search for in other text."""


class KeyMismatch(LookupError):
    """A served item does not fit the seed's question of the same id (wrong seed, edited bank)."""


@dataclass(frozen=True)
class AnswerKeys:
    questions: Mapping[str, Question]

    @classmethod
    def from_seed(cls, directory: Path = CODING_SEED) -> AnswerKeys:
        bundle = read_seed_directory(directory)
        return cls({entry.question.id: entry.question for entry in bundle.questions})

    def of_pool(self, pool: QuestionPool) -> AnswerKeys:
        """Only the questions of ``pool`` (certification or practice)."""
        return AnswerKeys({qid: q for qid, q in self.questions.items() if q.pool is pool})

    def correct(self, item: Item) -> AnswerBody:
        """The response the key grades correct, in the labels of this attempt."""
        question = self._question(item)
        match question:
            case SingleChoiceQuestion():
                return AnswerBody(choice=self._label(item, question, question.answer))
            case MultipleSelectQuestion():
                return AnswerBody(
                    choices=sorted(self._label(item, question, key) for key in question.answer)
                )
            case FaultyLinesQuestion():
                return AnswerBody(lines=sorted(question.answer))
            case TrueFalseQuestion():
                return AnswerBody(value=question.answer)
        raise KeyMismatch(f"{item.question_id}: unsupported format {item.format}")

    def wrong(self, item: Item) -> AnswerBody:
        """A well-formed response the key grades incorrect."""
        question = self._question(item)
        labels = [option.label for option in item.options or ()]
        match question:
            case SingleChoiceQuestion():
                key = self._label(item, question, question.answer)
                return AnswerBody(choice=next(label for label in labels if label != key))
            case MultipleSelectQuestion():
                keyed = {self._label(item, question, key) for key in question.answer}
                unkeyed = [label for label in labels if label not in keyed]
                return AnswerBody(choices=unkeyed[:1] if unkeyed else sorted(keyed)[:-1])
            case FaultyLinesQuestion():
                line_count = item.line_count or len(question.code.splitlines())
                spare = next(n for n in range(1, line_count + 1) if n not in question.answer)
                return AnswerBody(lines=[spare])
            case TrueFalseQuestion():
                return AnswerBody(value=not question.answer)
        raise KeyMismatch(f"{item.question_id}: unsupported format {item.format}")

    def explanations(self) -> set[str]:
        return {question.explanation.strip() for question in self.questions.values()}

    def unambiguous_keyed_texts(self) -> set[str]:
        """Texts of keyed single-choice options long enough not to occur by chance elsewhere.

        A text that also appears in some question's stem or code is left out: finding it would
        not mean a key leaked.
        """
        shown = [f"{q.stem}\n{q.code or ''}" for q in self.questions.values()]
        keyed = {
            option.text.strip()
            for question in self.questions.values()
            if isinstance(question, SingleChoiceQuestion)
            for option in question.options
            if option.id == question.answer and len(option.text.strip()) >= MIN_UNAMBIGUOUS_TEXT
        }
        return {text for text in keyed if not any(text in context for context in shown)}

    def content_texts(self) -> set[str]:
        """Stems, code and option texts long enough to be specific: a public event carries none."""
        texts: set[str] = set()
        for question in self.questions.values():
            texts |= {question.stem.strip(), (question.code or "").strip()}
            texts |= {option.text.strip() for option in getattr(question, "options", None) or ()}
        return {text for text in texts if len(text) >= MIN_UNAMBIGUOUS_TEXT}

    def _question(self, item: Item) -> Question:
        try:
            question = self.questions[item.question_id]
        except KeyError:
            raise KeyMismatch(f"{item.question_id} is not in the seed") from None
        if question.format != item.format:
            raise KeyMismatch(
                f"{item.question_id}: served as {item.format}, seed has {question.format}"
            )
        return question

    @staticmethod
    def _label(
        item: Item, question: SingleChoiceQuestion | MultipleSelectQuestion, option_id: str
    ) -> str:
        text = next(option.text for option in question.options if option.id == option_id)
        labels = [option.label for option in item.options or () if option.text == text]
        if len(labels) != 1:
            raise KeyMismatch(f"{item.question_id}: the keyed option is not served exactly once")
        return labels[0]


def strings_in(document: Any) -> Iterator[str]:
    """Every string value (and object key) of a decoded JSON document."""
    if isinstance(document, str):
        yield document
    elif isinstance(document, Mapping):
        for key, value in document.items():
            yield str(key)
            yield from strings_in(value)
    elif isinstance(document, list | tuple):
        for value in document:
            yield from strings_in(value)


def leaked_texts(document: Any, secrets: Iterable[str]) -> set[str]:
    """Which of ``secrets`` occur inside some string of the JSON ``document``."""
    texts = list(strings_in(document))
    return {secret for secret in secrets if any(secret in text for text in texts)}
