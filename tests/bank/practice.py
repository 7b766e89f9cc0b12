"""The practice pool: its own items, enough for three disjoint practice forms, free of cues.

Practice is free and its results teach (answers and explanations are shown), so no practice item
may be, or read like, a certification item: ids, stems and code snippets are all kept apart.
``figures`` measures the pool; ``pool_problems`` turns those figures into the pool's rules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from jobpeak_contracts.questions import Section, SingleChoiceQuestion, TrueFalseQuestion

from tests.bank.approval import keys_approval
from tests.bank.lint import SAMPLE_KINDS, normalise_lines, normalise_text
from tests.bank.loader import Bank
from tests.bank.model import DIFFICULTIES, DOMAIN_TOPICS, LANGUAGE_CODES, BankEntry

FORMS = 3
"""Disjoint practice forms the pool must hold (the integrity issue's feasibility rule)."""
FORM_MIX = {"easy": 3, "medium": 6, "hard": 3}
FORM_BEHAVIOURAL = 3
TOTAL_MINIMUM = 45
PER_LANGUAGE_MINIMUM = 3
PER_TOPIC_MINIMUM = 6
MODEL_CORRECT_SHARE = 0.20
"""At least this share of domain items is keyed "the model's code is correct"."""
LONGEST_KEY_SHARE = 0.30
"""At most this share of choice items (per difficulty) keys the uniquely longest option."""
KEY_LETTER_SHARE = 0.35
"""No written key position holds more than this share of a section's choice items."""
MODEL_CORRECT_LANGUAGES = 6
"""Approve-keyed items span at least this many languages (and every difficulty)."""


@dataclass(frozen=True)
class Figures:
    total: int
    behavioural: int
    difficulty: Counter[str]
    language: Counter[str]
    topic: Counter[str]
    model_correct: int
    model_correct_by: Counter[str]
    """Approve-keyed domain items per difficulty and per language."""
    domain: int
    longest_key: dict[str, tuple[int, int]]
    """Per difficulty (and ``behavioural``): (uniquely longest keys, choice items)."""
    key_letters: dict[str, Counter[str]]
    """Per section: how often each written option id is the key."""
    true_false: Counter[str]
    """Claim items per difficulty and key, e.g. ``hard true``."""
    snippet_lines: tuple[int, ...]
    """Line counts of the domain items' code, sorted."""

    @property
    def model_correct_share(self) -> float:
        return self.model_correct / self.domain if self.domain else 0.0


def _entries(bank: Bank) -> list[BankEntry]:
    return [entry for entry in bank.entries if entry.question is not None]


def _key_is_uniquely_longest(question: SingleChoiceQuestion) -> bool:
    lengths = {option.id: len(normalise_text(option.text)) for option in question.options}
    key = lengths.pop(question.answer)
    return all(key > other for other in lengths.values())


def figures(bank: Bank) -> Figures:
    entries = _entries(bank)
    questions = [entry.question for entry in entries if entry.question is not None]
    approving = [
        entry.question
        for entry in entries
        if "model-correct" in entry.tags
        and keys_approval(entry)
        and entry.question is not None
        and entry.question.section is Section.DOMAIN
    ]
    domain = [q for q in questions if q.section is Section.DOMAIN]
    groups: dict[str, list[SingleChoiceQuestion]] = {name: [] for name in DIFFICULTIES}
    groups["behavioural"] = []
    letters: dict[str, Counter[str]] = {"domain": Counter(), "behavioural": Counter()}
    for q in questions:
        if isinstance(q, SingleChoiceQuestion):
            groups[str(q.difficulty) if q.difficulty else "behavioural"].append(q)
            letters[str(q.section)][q.answer] += 1
    return Figures(
        total=len(questions),
        behavioural=len(questions) - len(domain),
        difficulty=Counter(str(q.difficulty) for q in domain),
        language=Counter(str(q.language) for q in domain),
        topic=Counter(q.topic for q in domain),
        model_correct=len(approving),
        model_correct_by=Counter(str(q.difficulty) for q in approving)
        + Counter(str(q.language) for q in approving),
        domain=len(domain),
        longest_key={
            name: (sum(1 for q in items if _key_is_uniquely_longest(q)), len(items))
            for name, items in groups.items()
        },
        key_letters=letters,
        snippet_lines=tuple(sorted(len(q.code.splitlines()) for q in domain if q.code)),
        true_false=Counter(
            f"{q.difficulty} {str(q.answer).lower()}"
            for q in questions
            if isinstance(q, TrueFalseQuestion)
        ),
    )


def pool_problems(bank: Bank) -> list[str]:
    """Every rule of the practice pool the figures break; empty when the pool is fine."""
    f = figures(bank)
    problems = [
        f"domain {d}: {f.difficulty[d]} items, {FORMS * n} needed for {FORMS} disjoint forms"
        for d, n in FORM_MIX.items()
        if f.difficulty[d] < FORMS * n
    ]
    if f.behavioural < FORMS * FORM_BEHAVIOURAL:
        problems.append(f"behavioural: {f.behavioural} items, {FORMS * FORM_BEHAVIOURAL} needed")
    if f.total < TOTAL_MINIMUM:
        problems.append(f"total: {f.total} items, at least {TOTAL_MINIMUM} needed")
    problems += [
        f"language {lang}: {f.language[lang]} items, at least {PER_LANGUAGE_MINIMUM} needed"
        for lang in LANGUAGE_CODES
        if f.language[lang] < PER_LANGUAGE_MINIMUM
    ]
    problems += [
        f"topic {topic}: {f.topic[topic]} items, at least {PER_TOPIC_MINIMUM} needed"
        for topic in DOMAIN_TOPICS
        if f.topic[topic] < PER_TOPIC_MINIMUM
    ]
    if f.model_correct_share < MODEL_CORRECT_SHARE:
        problems.append(
            f"model-correct: {f.model_correct} of {f.domain} domain items "
            f"({f.model_correct_share:.0%}), at least {MODEL_CORRECT_SHARE:.0%} needed"
        )
    problems += [
        f"model-correct: no {d} item approves the model's code"
        for d in DIFFICULTIES
        if not f.model_correct_by[d]
    ]
    languages = sum(1 for lang in LANGUAGE_CODES if f.model_correct_by[lang])
    if languages < MODEL_CORRECT_LANGUAGES:
        problems.append(
            f"model-correct: spans {languages} languages, at least {MODEL_CORRECT_LANGUAGES} needed"
        )
    for group, (longest, items) in f.longest_key.items():
        if items and longest > LONGEST_KEY_SHARE * items:
            problems.append(
                f"{group}: the key is the uniquely longest option in {longest} of {items} "
                f"choice items, at most {LONGEST_KEY_SHARE:.0%} allowed"
            )
    for section, letters in f.key_letters.items():
        items = sum(letters.values())
        problems += [
            f"{section}: key {letter!r} in {count} of {items} choice items, "
            f"at most {KEY_LETTER_SHARE:.0%} allowed"
            for letter, count in sorted(letters.items())
            if count > KEY_LETTER_SHARE * items
        ]
    return problems


def overlap_problems(*, certification: Bank, practice: Bank) -> list[str]:
    """Practice items that share an id, a stem or a code snippet with a certification item."""
    ids = {entry.id for entry in certification.entries}
    stems = {normalise_text(q.stem).casefold() for q in certification.questions}
    snippets = {"\n".join(normalise_lines(q.code)) for q in certification.questions if q.code}
    problems = []
    for entry in _entries(practice):
        question = entry.question
        assert question is not None
        if entry.id in ids:
            problems.append(f"{entry.id}: the id is a certification id")
        if normalise_text(question.stem).casefold() in stems:
            problems.append(f"{entry.id}: the stem is a certification item's stem")
        if question.code and "\n".join(normalise_lines(question.code)) in snippets:
            problems.append(f"{entry.id}: the code is a certification item's snippet")
    return problems


def render_figures(bank: Bank) -> str:
    """The practice pool's figures, for the test run's closing summary."""
    f = figures(bank)
    kinds = "; ".join(
        f"{kind} {sum(1 for entry in _entries(bank) if matches(entry))}"
        for kind, matches in SAMPLE_KINDS.items()
    )

    def counts(counter: Counter[str], names: tuple[str, ...] | list[str]) -> str:
        return ", ".join(f"{name} {counter[name]}" for name in names)

    longest = "; ".join(f"{group} {hit}/{items}" for group, (hit, items) in f.longest_key.items())
    letters = "; ".join(
        f"{section} " + " ".join(f"{k}={v}" for k, v in sorted(c.items()))
        for section, c in f.key_letters.items()
    )
    lines = f.snippet_lines
    snippets = (
        f"  domain code snippets: {len(lines)}, {lines[0]}-{lines[-1]} lines, "
        f"median {lines[len(lines) // 2]}, {sum(1 for n in lines if n >= 15)} of 15+ lines"
        if lines
        else "  domain code snippets: none"
    )
    return "\n".join(
        [
            f"practice pool: {f.total} items ({f.domain} domain, {f.behavioural} behavioural)",
            f"  domain by difficulty: {counts(f.difficulty, DIFFICULTIES)}",
            f"  domain by language: {counts(f.language, list(LANGUAGE_CODES))}",
            f"  domain by topic: {counts(f.topic, DOMAIN_TOPICS)}",
            snippets,
            f"  sample kinds: {kinds}",
            f"  model-correct (approve) keys: {f.model_correct} of {f.domain} "
            f"({f.model_correct_share:.0%}); {counts(f.model_correct_by, DIFFICULTIES)}; "
            f"{counts(f.model_correct_by, list(LANGUAGE_CODES))}",
            f"  key uniquely longest option: {longest}",
            f"  written key positions: {letters}",
            "  true/false keys: " + ", ".join(f"{k} {v}" for k, v in sorted(f.true_false.items())),
        ]
    )
