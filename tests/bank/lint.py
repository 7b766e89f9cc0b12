"""Pure checks of the bank's content: per question, and over the whole bank.

Each check returns human-readable problems (empty when fine), so a failing test names both the
question and what is wrong with it.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Section,
    SingleChoiceQuestion,
)

from tests.bank.approval import approval_problems
from tests.bank.loader import Bank
from tests.bank.model import (
    BEHAVIOURAL_TOPICS,
    DIFFICULTIES,
    DOMAIN_TOPICS,
    LANGUAGE_CODES,
    RUNNERS_BY_LANGUAGE,
    BankEntry,
    RunnableVerification,
)
from tests.bank.versions import version_problems

MIN_EXPLANATION_CHARS = 40
MIN_CHOICE_OPTIONS = 3
GIVEAWAY_MIN_CHARS = 15
"""A keyed option at least this long must not appear verbatim in the stem."""
DOMINANT_KEY_MIN_CHARS = 50
DOMINANT_KEY_FACTOR = 2.0
"""A key over 50 characters and more than twice the longest distractor stands out by length."""

RUBRIC_PREFIX = "Rubric:"
"""How the explanation of an ambiguous-brief item starts: what earns credit, what does not."""

STRATA_MINIMUMS = {"easy": 20, "medium": 40, "hard": 20}
"""Domain questions per difficulty: two 10/20/10 certification draws without repeats."""
BEHAVIOURAL_MINIMUM = 40
TOTAL_MINIMUM = 150
DOMAIN_VERIFIED_SHARE = 0.70


_ID_NUMBER = {"certification": r"\d{3}", "practice": r"p\d{2}", "reserve": r"r\d{2}"}
_ID_SHAPE = {"certification": "NNN", "practice": "pNN", "reserve": "rNN"}
"""Practice ids (``cod-py-p01``) can never collide with certification ids (``cod-py-001``)."""


def normalise_text(text: str) -> str:
    """Whitespace runs collapsed; case kept, since code that differs only in case differs."""
    return " ".join(text.split())


def normalise_lines(text: str) -> list[str]:
    """Lines without trailing whitespace and without leading/trailing blank lines."""
    lines = [line.rstrip() for line in text.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def contains_snippet(*, program: str, code: str) -> bool:
    snippet = "\n".join(normalise_lines(code))
    return bool(snippet) and snippet in "\n".join(line.rstrip() for line in program.splitlines())


def changes_exactly_lines(*, program: str, code: str, lines: Iterable[int]) -> bool:
    """Whether ``program`` holds ``code`` with exactly the given 1-based lines rewritten."""
    keyed = set(lines)
    snippet = [line.rstrip() for line in code.splitlines()]
    if not any(line.strip() for number, line in enumerate(snippet, 1) if number not in keyed):
        return False  # nothing unchanged to anchor the comparison on
    program_lines = [line.rstrip() for line in program.splitlines()]
    for start in range(len(program_lines) - len(snippet) + 1):
        window = program_lines[start : start + len(snippet)]
        if all(
            (window[offset] != snippet[offset]) == (offset + 1 in keyed)
            for offset in range(len(snippet))
        ):
            return True
    return False


def is_spot_the_bug(entry: BankEntry) -> bool:
    """A faulty-lines item with a faulty line, or one tagged so ("no line is faulty" is not)."""
    question = entry.question
    keyed = isinstance(question, FaultyLinesQuestion) and bool(question.answer)
    return keyed or "spot-the-bug" in entry.tags


def _language(entry: BankEntry) -> str | None:
    return entry.question.language if entry.question else None


SAMPLE_KINDS: dict[str, Callable[[BankEntry], bool]] = {
    "spot-the-bug in Python": lambda e: is_spot_the_bug(e) and _language(e) == "python",
    "spot-the-bug in JavaScript": lambda e: is_spot_the_bug(e) and _language(e) == "javascript",
    "spot-the-bug in SQL": lambda e: is_spot_the_bug(e) and _language(e) == "sql",
    "idiomatic vs non-idiomatic judgement": lambda e: "idiomatic" in e.tags,
    "code review with an intentionally ambiguous brief": lambda e: (
        "ambiguous-brief" in e.tags and e.question is not None and e.question.topic == "code-review"
    ),
    "hallucinated API / made-up library function": lambda e: (
        "hallucinated-api" in e.tags and e.runnable is not None
    ),
    "AI-output evaluation": lambda e: (
        e.question is not None and e.question.topic == "ai-output-evaluation"
    ),
}
"""The seed's sample kinds and how a bank entry counts as one."""


def question_problems(entry: BankEntry) -> list[str]:
    """Everything wrong with one entry; the catalog model's own errors come first."""
    problems = list(entry.errors)
    question = entry.question
    if question is None:
        return problems
    problems += _identity_problems(entry)
    if len(question.explanation.strip()) < MIN_EXPLANATION_CHARS:
        problems.append(
            f"explanation: say why the key is right and the others wrong "
            f"(at least {MIN_EXPLANATION_CHARS} characters)"
        )
    problems += _format_problems(entry)
    problems += _giveaway_problems(entry)
    problems += _verification_problems(entry)
    problems += approval_problems(entry)
    problems += version_problems(entry)
    if (
        entry.pool == "certification"
        and "ambiguous-brief" in entry.tags
        and not question.explanation.startswith(RUBRIC_PREFIX)
    ):
        problems.append(
            f"explanation: an ambiguous-brief item is keyed by a written rubric; start the "
            f"explanation with {RUBRIC_PREFIX!r} and say what earns credit and what does not"
        )
    return problems


def _identity_problems(entry: BankEntry) -> list[str]:
    question = entry.question
    assert question is not None
    problems = []
    if question.specialty != "coding":
        problems.append("specialty: must be 'coding'")
    if question.section is Section.DOMAIN:
        if question.topic not in DOMAIN_TOPICS:
            problems.append(f"topic: {question.topic!r} is not one of {', '.join(DOMAIN_TOPICS)}")
        code = LANGUAGE_CODES.get(question.language or "")
        if code is None:
            problems.append(
                f"language: {question.language!r} is not one of {', '.join(LANGUAGE_CODES)}"
            )
        elif not re.fullmatch(rf"cod-{code}-{_ID_NUMBER[entry.pool]}", question.id):
            problems.append(
                f"id: a {question.language} {entry.pool} question is named "
                f"cod-{code}-{_ID_SHAPE[entry.pool]}"
            )
    else:
        if question.topic not in BEHAVIOURAL_TOPICS:
            problems.append(
                f"topic: {question.topic!r} is not one of {', '.join(BEHAVIOURAL_TOPICS)}"
            )
        if question.language is not None:
            problems.append("language: behavioural questions have none (null)")
        if not re.fullmatch(rf"cod-beh-{_ID_NUMBER[entry.pool]}", question.id):
            problems.append(
                f"id: a behavioural {entry.pool} question is named cod-beh-{_ID_SHAPE[entry.pool]}"
            )
    return problems


def _format_problems(entry: BankEntry) -> list[str]:
    question = entry.question
    problems = []
    if isinstance(question, SingleChoiceQuestion | MultipleSelectQuestion):
        ids = [option.id for option in question.options]
        expected_ids = [chr(ord("a") + position) for position in range(len(ids))]
        if ids != expected_ids:
            problems.append(f"options: ids must run {', '.join(expected_ids)} in order")
        if len(ids) < MIN_CHOICE_OPTIONS:
            problems.append(f"options: at least {MIN_CHOICE_OPTIONS} options")
        texts = [normalise_text(option.text) for option in question.options]
        if any(not text for text in texts):
            problems.append("options: an option text is blank")
        if len(set(texts)) != len(texts):
            problems.append("options: two options read the same (ignoring spacing)")
    if isinstance(question, MultipleSelectQuestion) and len(question.answer) == len(
        question.options
    ):
        problems.append("answer: every option is keyed, so selecting all is always right")
    if isinstance(question, FaultyLinesQuestion):
        lines = question.code.splitlines()
        blank = [number for number in question.answer if not lines[number - 1].strip()]
        if blank:
            problems.append(f"answer: keyed line(s) {blank} are blank")
        if len(question.answer) == len(lines):
            problems.append("answer: every line is keyed")
    return problems


def _keyed_texts(entry: BankEntry) -> tuple[list[str], list[str]]:
    question = entry.question
    if isinstance(question, SingleChoiceQuestion):
        keys = {question.answer}
    elif isinstance(question, MultipleSelectQuestion):
        keys = set(question.answer)
    else:
        return [], []
    keyed = [option.text for option in question.options if option.id in keys]
    others = [option.text for option in question.options if option.id not in keys]
    return keyed, others


def _giveaway_problems(entry: BankEntry) -> list[str]:
    question = entry.question
    assert question is not None
    problems = []
    keyed, others = _keyed_texts(entry)
    stem = normalise_text(question.stem).casefold()
    for text in keyed:
        quoted = normalise_text(text).casefold()
        if len(quoted) >= GIVEAWAY_MIN_CHARS and quoted in stem:
            problems.append(f"stem: gives the answer away by quoting the key {text!r}")
    if isinstance(question, SingleChoiceQuestion) and others:
        key_length = len(normalise_text(keyed[0]))
        longest_other = max(len(normalise_text(text)) for text in others)
        if key_length >= DOMINANT_KEY_MIN_CHARS and key_length > DOMINANT_KEY_FACTOR * max(
            longest_other, 1
        ):
            problems.append(
                f"options: the key ({key_length} chars) is more than twice as long as any "
                f"distractor ({longest_other}); length alone gives it away"
            )
    return problems


def _verification_problems(entry: BankEntry) -> list[str]:
    question = entry.question
    assert question is not None
    verification = entry.runnable
    problems: list[str] = []
    if entry.verification is None and question.section is Section.DOMAIN:
        problems.append(
            "verification: a domain question needs runnable cases or "
            "{unverifiable: <why execution cannot prove the key>}"
        )
    if verification is None:
        if "hallucinated-api" in entry.tags:
            problems.append("verification: a hallucinated-API question must prove it by running")
        return problems
    allowed = RUNNERS_BY_LANGUAGE.get(question.language or "")
    if allowed is not None and verification.runner not in allowed:
        problems.append(
            f"verification.runner: a {question.language} question runs on {' or '.join(allowed)}"
        )
    problems += _case_problems(entry, verification)
    if is_spot_the_bug(entry) and question.code:
        problems += _spot_the_bug_problems(entry, verification)
    return problems


def _case_problems(entry: BankEntry, verification: RunnableVerification) -> list[str]:
    question = entry.question
    problems = []
    for case in verification.cases:
        if case.expect == "fail" and not (case.reason or case.stdout):
            problems.append(
                f"case {case.name!r}: an expected failure names its reason "
                "(reason: or stdout:), so it cannot pass on an unrelated error"
            )
        if case.includes_snippet and not (question and question.code):
            problems.append(f"case {case.name!r}: includes_snippet but the question has no code")
        if case.stdout_is_answer and not isinstance(question, SingleChoiceQuestion):
            problems.append(f"case {case.name!r}: stdout_is_answer needs a single_choice question")
        if case.stdout_is_answer and case.expect != "pass":
            problems.append(f"case {case.name!r}: stdout_is_answer needs expect: pass")
        if case.stdout_is_answer and question and question.code and not case.includes_snippet:
            problems.append(f"case {case.name!r}: stdout_is_answer needs includes_snippet")
    return problems


def _spot_the_bug_problems(entry: BankEntry, verification: RunnableVerification) -> list[str]:
    question = entry.question
    assert question is not None
    problems = []
    buggy = [c for c in verification.cases if c.expect == "fail" and c.includes_snippet]
    fixed = [c for c in verification.cases if c.expect == "pass"]
    if not buggy or not fixed:
        problems.append(
            "verification: spot-the-bug needs the snippet failing (expect: fail, "
            "includes_snippet) and a corrected version passing (expect: pass)"
        )
    if isinstance(question, FaultyLinesQuestion) and not any(
        changes_exactly_lines(program=case.program, code=question.code, lines=question.answer)
        for case in fixed
    ):
        problems.append(
            f"verification: no passing case holds the snippet with exactly the keyed "
            f"line(s) {sorted(question.answer)} corrected and every other line unchanged"
        )
    return problems


def duplicate_ids(bank: Bank) -> dict[str, list[str]]:
    locations: dict[str, list[str]] = defaultdict(list)
    for entry in bank.entries:
        locations[entry.id].append(entry.location)
    return {qid: places for qid, places in sorted(locations.items()) if len(places) > 1}


def strata_problems(bank: Bank) -> list[str]:
    questions = bank.questions
    domain = Counter(
        str(q.difficulty) for q in questions if q.section is Section.DOMAIN and q.difficulty
    )
    problems = [
        f"domain {difficulty}: {domain[difficulty]} questions, at least {minimum} needed"
        for difficulty, minimum in STRATA_MINIMUMS.items()
        if domain[difficulty] < minimum
    ]
    behavioural = sum(1 for q in questions if q.section is Section.BEHAVIOURAL)
    if behavioural < BEHAVIOURAL_MINIMUM:
        problems.append(
            f"behavioural: {behavioural} questions, at least {BEHAVIOURAL_MINIMUM} needed"
        )
    if len(questions) < TOTAL_MINIMUM:
        problems.append(f"total: {len(questions)} questions, at least {TOTAL_MINIMUM} needed")
    return problems


def coverage_problems(bank: Bank) -> list[str]:
    """Every language and every domain topic at every difficulty; every behavioural topic."""
    domain = [q for q in bank.questions if q.section is Section.DOMAIN]
    by_language = {(q.language, str(q.difficulty)) for q in domain}
    by_topic = {(q.topic, str(q.difficulty)) for q in domain}
    problems = [
        f"no {difficulty} {language} question"
        for language in LANGUAGE_CODES
        for difficulty in DIFFICULTIES
        if (language, difficulty) not in by_language
    ]
    problems += [
        f"no {difficulty} {topic} question"
        for topic in DOMAIN_TOPICS
        for difficulty in DIFFICULTIES
        if (topic, difficulty) not in by_topic
    ]
    behavioural_topics = {q.topic for q in bank.questions if q.section is Section.BEHAVIOURAL}
    problems += [
        f"no behavioural {topic} question"
        for topic in BEHAVIOURAL_TOPICS
        if topic not in behavioural_topics
    ]
    return problems


SAMPLE_KIND_MINIMUMS = {
    "spot-the-bug in Python": 4,
    "spot-the-bug in JavaScript": 4,
    "spot-the-bug in SQL": 4,
    "idiomatic vs non-idiomatic judgement": 10,
    "code review with an intentionally ambiguous brief": 10,
    "hallucinated API / made-up library function": 12,
    "AI-output evaluation": 1,
}
"""How many items of each sample kind the certification pool holds at least (issue 16, item 4)."""
HALLUCINATED_API_LANGUAGES = 6


def sample_kind_problems(bank: Bank) -> list[str]:
    problems = []
    for kind, matches in SAMPLE_KINDS.items():
        found = [entry for entry in bank.entries if matches(entry)]
        if len(found) < SAMPLE_KIND_MINIMUMS[kind]:
            problems.append(
                f"{kind}: {len(found)} items, at least {SAMPLE_KIND_MINIMUMS[kind]} needed"
            )
        if kind.startswith("hallucinated"):
            languages = {_language(entry) for entry in found}
            if len(languages) < HALLUCINATED_API_LANGUAGES:
                problems.append(
                    f"{kind}: {len(languages)} languages, at least "
                    f"{HALLUCINATED_API_LANGUAGES} needed"
                )
    return problems


@dataclass(frozen=True)
class VerificationCoverage:
    verified: int
    domain: int

    @property
    def share(self) -> float:
        return self.verified / self.domain if self.domain else 0.0


def domain_verification_coverage(bank: Bank) -> VerificationCoverage:
    domain = [
        entry
        for entry in bank.entries
        if entry.question is not None and entry.question.section is Section.DOMAIN
    ]
    return VerificationCoverage(
        verified=sum(1 for entry in domain if entry.runnable is not None), domain=len(domain)
    )
