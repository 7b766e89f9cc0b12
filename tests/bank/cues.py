"""Guessing cues of a pool, measured: what a candidate who knows nothing can score.

Three know-nothing strategies answer every item from its surface alone:

* ``longest``: the longest option (the longest line of a faulty-lines snippet);
* ``cue-words``: avoid options holding a test-wise cue word (absolutes, shortcuts, excuses) and
  guess among the rest; a claim holding one is answered false;
* ``never-approve``: never approve the model's code (no option starting "Approve", claims of
  correctness answered false) and guess among what is left.

Each strategy's chance on an item is exact (ties and guesses are averaged, not sampled). Its score
on an attempt weighs those chances the way grading does, over attempts drawn by the testing
service's own assembly from seeded draws, so the figures are what the strategy would average on
real forms. Run ``uv run python -m tests.bank.cues`` to print them for every pool.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import yaml
from jobpeak_catalog.application.events import blueprint_contract
from jobpeak_catalog.domain.specialty import SpecialtyDefinition
from jobpeak_contracts.blueprints import Blueprint
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    Question,
    Section,
    SingleChoiceQuestion,
    TrueFalseQuestion,
)
from jobpeak_testing.domain.assembly import assemble, find_shortfalls
from jobpeak_testing.domain.pool import QuestionPool

from tests.bank.approval import APPROVE_PREFIX
from tests.bank.lint import normalise_text
from tests.bank.loader import PRACTICE_DIR, QUESTIONS_DIR, SEED_DIR, Bank, load_bank
from tests.bank.model import DIFFICULTIES

CUE_WORDS = frozenset(
    {
        "always",
        "never",
        "only",
        "just",
        "simply",
        "quietly",
        "silently",
        "skip",
        "ignore",
        "immediately",
        "whatever",
        "guaranteed",
        "because",
        "since",
    }
)
"""Words a test-wise guesser reads as "this option is wrong" (absolutes, shortcuts, excuses)."""

ATTEMPTS = 400
"""Simulated attempts per pool; seeds 0..ATTEMPTS-1, so the figures are reproducible."""

STRATEGY_LIMITS = {"domain": 0.45, "behavioural": 0.50}
"""The most any know-nothing strategy may average per section of an attempt."""

StrategyName = Literal["longest", "cue-words", "never-approve"]
STRATEGIES: tuple[StrategyName, ...] = ("longest", "cue-words", "never-approve")

RESERVE_DIR = SEED_DIR / "reserve"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.casefold()))


def _has_cue(text: str) -> bool:
    return bool(_words(text) & CUE_WORDS)


def _pick_among(candidates: list[str], key: str) -> float:
    """Chance a uniform pick among ``candidates`` hits ``key``."""
    return 1 / len(candidates) if key in candidates else 0.0


def _guess_lines(question: FaultyLinesQuestion, lines: list[int]) -> float:
    """Chance that marking one of ``lines`` (uniformly) is exactly the key."""
    keyed = set(question.answer)
    return sum(1 for line in lines if {line} == keyed) / len(lines) if lines else 0.0


def _code_lines(question: FaultyLinesQuestion) -> list[int]:
    return [n for n, line in enumerate(question.code.splitlines(), 1) if line.strip()]


def _longest(question: Question) -> float:
    if isinstance(question, SingleChoiceQuestion | MultipleSelectQuestion):
        lengths = {o.id: len(normalise_text(o.text)) for o in question.options}
        top = [i for i, n in lengths.items() if n == max(lengths.values())]
        if isinstance(question, SingleChoiceQuestion):
            return _pick_among(top, question.answer)
        return sum(1 for i in top if {i} == set(question.answer)) / len(top)
    if isinstance(question, FaultyLinesQuestion):
        lines = question.code.splitlines()
        widths = {n: len(lines[n - 1].strip()) for n in _code_lines(question)}
        return _guess_lines(question, [n for n, w in widths.items() if w == max(widths.values())])
    return 0.5


def _cue_words(question: Question) -> float:
    if isinstance(question, SingleChoiceQuestion | MultipleSelectQuestion):
        ids = [o.id for o in question.options]
        clean = [o.id for o in question.options if not _has_cue(o.text)] or ids
        if isinstance(question, SingleChoiceQuestion):
            return _pick_among(clean, question.answer)
        return 1.0 if set(clean) == set(question.answer) else 0.0
    if isinstance(question, TrueFalseQuestion):
        return 1.0 if question.answer is not _has_cue(question.stem) else 0.0
    return _guess_lines(question, _code_lines(question))


def _never_approve(question: Question) -> float:
    if isinstance(question, SingleChoiceQuestion):
        ids = [o.id for o in question.options]
        rest = [o.id for o in question.options if not o.text.startswith(APPROVE_PREFIX)] or ids
        return _pick_among(rest, question.answer)
    if isinstance(question, MultipleSelectQuestion):
        rest = [o.id for o in question.options if not o.text.startswith(APPROVE_PREFIX)]
        return 1 / (2 ** len(rest) - 1) if set(question.answer) <= set(rest) else 0.0
    if isinstance(question, TrueFalseQuestion):
        return 0.0 if question.answer else 1.0
    return _guess_lines(question, _code_lines(question))


STRATEGY_CHANCE: dict[StrategyName, Callable[[Question], float]] = {
    "longest": _longest,
    "cue-words": _cue_words,
    "never-approve": _never_approve,
}


def key_is_uniquely_longest(question: SingleChoiceQuestion) -> bool:
    lengths = {option.id: len(normalise_text(option.text)) for option in question.options}
    key = lengths.pop(question.answer)
    return all(key > other for other in lengths.values())


def group_of(question: Question) -> str:
    """``easy``/``medium``/``hard`` for domain items, ``behavioural`` for the rest."""
    return str(question.difficulty) if question.difficulty else "behavioural"


GROUPS = (*DIFFICULTIES, "behavioural")


@dataclass(frozen=True)
class PoolCues:
    name: str
    longest_key: dict[str, tuple[int, int]]
    """Per group: (items whose key is the uniquely longest option, single-choice items)."""
    key_letters: dict[str, Counter[str]]
    """Per group and per section (``domain``): written key position of single-choice items."""
    item_chance: dict[str, dict[StrategyName, float]]
    """Per group: each strategy's mean chance per item over the whole pool (unweighted)."""
    attempt_scores: dict[str, dict[StrategyName, list[float]]] | None
    """Per section: each strategy's expected score on every simulated attempt (None: no draw)."""

    def mean_score(self, section: str, strategy: StrategyName) -> float | None:
        if self.attempt_scores is None:
            return None
        return statistics.fmean(self.attempt_scores[section][strategy])


def load_blueprint(kind: Literal["certification", "practice"]) -> Blueprint:
    """The blueprint of ``kind`` as the catalog publishes it from ``specialty.yaml``."""
    document = yaml.safe_load((SEED_DIR / "specialty.yaml").read_text(encoding="utf-8"))
    definition = SpecialtyDefinition.model_validate(document)
    own = definition.certification if kind == "certification" else definition.practice
    return blueprint_contract(own, version=1)


def simulate(
    questions: list[Question], blueprint: Blueprint, *, attempts: int = ATTEMPTS
) -> dict[str, dict[StrategyName, list[float]]] | None:
    """Each strategy's expected section scores over ``attempts`` seeded draws of ``blueprint``."""
    pool = QuestionPool.of(questions)
    if find_shortfalls(blueprint=blueprint, pool=pool):
        return None
    weights = blueprint.difficulty_weights
    scores: dict[str, dict[StrategyName, list[float]]] = {
        section: {name: [] for name in STRATEGIES} for section in ("domain", "behavioural")
    }
    for seed in range(attempts):
        served = [
            item.question
            for item in assemble(blueprint=blueprint, pool=pool, seen=(), seed=seed).questions
        ]
        for section in scores:
            items = [q for q in served if str(q.section) == section]
            if not items:
                continue
            weight = {
                q.id: getattr(weights, str(q.difficulty)) if q.section is Section.DOMAIN else 1
                for q in items
            }
            total = sum(weight.values())
            for name, chance in STRATEGY_CHANCE.items():
                earned = sum(weight[q.id] * chance(q) for q in items)
                scores[section][name].append(earned / total)
    return scores


def measure(name: str, bank: Bank, blueprint: Blueprint | None) -> PoolCues:
    questions = list(bank.questions)
    choice = [q for q in questions if isinstance(q, SingleChoiceQuestion)]
    letters: dict[str, Counter[str]] = {g: Counter() for g in (*GROUPS, "domain")}
    for q in choice:
        letters[group_of(q)][q.answer] += 1
        if q.section is Section.DOMAIN:
            letters["domain"][q.answer] += 1
    chance: dict[str, dict[StrategyName, float]] = {}
    for group in GROUPS:
        members = [q for q in questions if group_of(q) == group]
        chance[group] = {
            s: statistics.fmean(STRATEGY_CHANCE[s](q) for q in members) if members else 0.0
            for s in STRATEGIES
        }
    return PoolCues(
        name=name,
        longest_key={
            group: (
                sum(1 for q in choice if group_of(q) == group and key_is_uniquely_longest(q)),
                sum(1 for q in choice if group_of(q) == group),
            )
            for group in GROUPS
        },
        key_letters=letters,
        item_chance=chance,
        attempt_scores=simulate(questions, blueprint) if blueprint else None,
    )


def measure_pools() -> list[PoolCues]:
    """Certification and practice drawn by their own blueprints; the reserve item by item."""
    pools = [
        measure("certification", load_bank(QUESTIONS_DIR), load_blueprint("certification")),
        measure("practice", load_bank(PRACTICE_DIR), load_blueprint("practice")),
    ]
    if RESERVE_DIR.is_dir():
        pools.append(measure("reserve", load_bank(RESERVE_DIR), None))
    return pools


def render(cues: PoolCues) -> list[str]:
    lines = [f"{cues.name} pool"]
    for group in GROUPS:
        longest, items = cues.longest_key[group]
        share = f"{longest / items:.0%}" if items else "-"
        spread = " ".join(f"{k}={v}" for k, v in sorted(cues.key_letters[group].items()))
        chances = ", ".join(f"{s} {cues.item_chance[group][s]:.0%}" for s in STRATEGIES)
        lines.append(
            f"  {group:<11} key uniquely longest {longest}/{items} ({share}); "
            f"key positions {spread or '-'}; per-item chance: {chances}"
        )
    if cues.attempt_scores is None:
        lines.append("  attempts: not drawn (the pool is not drawn on its own)")
        return lines
    for section in ("domain", "behavioural"):
        figures = []
        for strategy in STRATEGIES:
            runs = cues.attempt_scores[section][strategy]
            figures.append(f"{strategy} {statistics.fmean(runs):.0%} (max {max(runs):.0%})")
        lines.append(
            f"  {section} score over {ATTEMPTS} attempts (limit "
            f"{STRATEGY_LIMITS[section]:.0%}): " + ", ".join(figures)
        )
    return lines


def main() -> None:
    for cues in measure_pools():
        print("\n".join(render(cues)))


if __name__ == "__main__":
    main()
