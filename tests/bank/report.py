"""Generates docs/question-bank.md from the questions files.

Run ``uv run python -m tests.bank.report`` after editing the bank; a unit test fails while the
committed page differs from what this produces.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from jobpeak_contracts.questions import Section

from tests.bank.lint import (
    DOMAIN_VERIFIED_SHARE,
    SAMPLE_KINDS,
    domain_verification_coverage,
    question_problems,
)
from tests.bank.loader import QUESTIONS_DIR, REPO_ROOT, Bank, load_bank
from tests.bank.model import (
    BEHAVIOURAL_TOPICS,
    DIFFICULTIES,
    DOMAIN_TOPICS,
    LANGUAGE_CODES,
    BankEntry,
    UnverifiableVerification,
)
from tests.bank.report_figures import figure_sections

REPORT_PATH = REPO_ROOT / "docs/question-bank.md"


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _valid(bank: Bank) -> list[BankEntry]:
    return [entry for entry in bank.entries if entry.question is not None]


def _domain(bank: Bank) -> list[BankEntry]:
    return [
        e for e in _valid(bank) if e.question is not None and e.question.section is Section.DOMAIN
    ]


def _counts_section(bank: Bank) -> list[str]:
    valid = _valid(bank)
    sections = Counter(str(e.question.section) for e in valid if e.question)
    difficulties = Counter(
        str(e.question.difficulty) for e in _domain(bank) if e.question and e.question.difficulty
    )
    lines = ["## Totals", ""]
    lines += _table(
        ["section", *DIFFICULTIES, "questions"],
        [
            ["domain", *(difficulties[d] for d in DIFFICULTIES), sections["domain"]],
            ["behavioural", *("-" for _ in DIFFICULTIES), sections["behavioural"]],
            ["**total**", *(difficulties[d] for d in DIFFICULTIES), len(valid)],
        ],
    )
    return lines


def _domain_sections(bank: Bank) -> list[str]:
    domain = [e.question for e in _domain(bank) if e.question is not None]
    cells = Counter((q.language, q.topic, str(q.difficulty)) for q in domain)
    lines = ["## Domain: language by difficulty", ""]
    lines += _table(
        ["language", *DIFFICULTIES, "total"],
        [
            [
                language,
                *(sum(cells[(language, t, d)] for t in DOMAIN_TOPICS) for d in DIFFICULTIES),
                sum(1 for q in domain if q.language == language),
            ]
            for language in LANGUAGE_CODES
        ],
    )
    lines += ["## Domain: topic by difficulty", ""]
    lines += _table(
        ["topic", *DIFFICULTIES, "total"],
        [
            [
                topic,
                *(sum(cells[(lang, topic, d)] for lang in LANGUAGE_CODES) for d in DIFFICULTIES),
                sum(1 for q in domain if q.topic == topic),
            ]
            for topic in DOMAIN_TOPICS
        ],
    )
    lines += ["## Domain: language by topic (easy/medium/hard)", ""]
    lines += _table(
        ["language", *DOMAIN_TOPICS],
        [
            [
                language,
                *(
                    "/".join(str(cells[(language, topic, d)]) for d in DIFFICULTIES)
                    for topic in DOMAIN_TOPICS
                ),
            ]
            for language in LANGUAGE_CODES
        ],
    )
    return lines


def _behavioural_and_formats(bank: Bank) -> list[str]:
    valid = [e.question for e in _valid(bank) if e.question is not None]
    topics = Counter(q.topic for q in valid if q.section is Section.BEHAVIOURAL)
    lines = ["## Behavioural: topic", ""]
    lines += _table(["topic", "questions"], [[t, topics[t]] for t in BEHAVIOURAL_TOPICS])
    formats = Counter((str(q.format), str(q.section)) for q in valid)
    lines += ["## Formats", ""]
    lines += _table(
        ["format", "domain", "behavioural"],
        [
            [name, formats[(name, "domain")], formats[(name, "behavioural")]]
            for name in sorted({name for name, _ in formats})
        ],
    )
    lines += ["## The seed's sample kinds", ""]
    lines += _table(
        ["kind", "questions", "ids"],
        [
            [kind, len(ids), ", ".join(ids)]
            for kind, matches in SAMPLE_KINDS.items()
            for ids in [sorted(e.id for e in _valid(bank) if matches(e))]
        ],
    )
    return lines


def _verification_section(bank: Bank) -> list[str]:
    coverage = domain_verification_coverage(bank)
    domain = _domain(bank)
    lines = [
        "## Verification coverage",
        "",
        f"{coverage.verified} of {coverage.domain} domain questions ({coverage.share:.0%}) carry "
        f"cases that `tests/bank` runs (target {DOMAIN_VERIFIED_SHARE:.0%}).",
        "",
    ]
    rows = []
    for language in LANGUAGE_CODES:
        entries = [e for e in domain if e.question and e.question.language == language]
        runnable = [e.runnable for e in entries if e.runnable is not None]
        runners = sorted({v.runner for v in runnable})
        rows.append(
            [
                language,
                len(entries),
                len(runnable),
                f"{len(runnable) / len(entries):.0%}" if entries else "-",
                sum(len(v.cases) for v in runnable),
                ", ".join(runners) or "-",
            ]
        )
    lines += _table(["language", "questions", "verified", "share", "cases", "runners"], rows)
    unverified = [
        (e, e.verification) for e in sorted(domain, key=lambda e: e.id) if e.runnable is None
    ]
    lines += ["## Unverified domain questions", ""]
    if not unverified:
        return [*lines, "None.", ""]
    return lines + _table(
        ["id", "language", "difficulty", "reason"],
        [
            [
                e.id,
                e.question.language if e.question else "",
                e.question.difficulty if e.question else "",
                v.unverifiable.replace("|", "\\|").replace("\n", " ")
                if isinstance(v, UnverifiableVerification)
                else "**no verification block**",
            ]
            for e, v in unverified
        ],
    )


def _problems_section(bank: Bank) -> list[str]:
    invalid = [e for e in bank.entries if e.question is None]
    flagged = sorted(e.id for e in bank.entries if e.question is not None and question_problems(e))
    if not invalid and not flagged and not any(f.errors for f in bank.files):
        return []
    lines = ["## Not yet clean", ""]
    lines += [f"- {f.path.name}: {'; '.join(f.errors)}" for f in bank.files if f.errors]
    if invalid:
        lines.append(
            "- entries failing validation (not counted above): "
            + ", ".join(f"{e.id} ({e.location})" for e in invalid)
        )
    if flagged:
        lines.append("- questions the lint flags: " + ", ".join(flagged))
    return [*lines, ""]


def render(bank: Bank) -> str:
    sources = ", ".join(f"`{f.path.name}`" for f in bank.files)
    lines = [
        "# The Coding question bank",
        "",
        "<!-- Generated by `uv run python -m tests.bank.report`; do not edit by hand. -->",
        "",
        f"Source: `{QUESTIONS_DIR.relative_to(REPO_ROOT)}/` ({sources}). The checks live in "
        "`tests/bank` (`uv run pytest -p no:cacheprovider --import-mode=importlib tests/bank`).",
        "",
    ]
    lines += _counts_section(bank)
    lines += _domain_sections(bank)
    lines += _behavioural_and_formats(bank)
    lines += figure_sections(bank)
    lines += _verification_section(bank)
    lines += _problems_section(bank)
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> None:
    REPORT_PATH.write_text(render(load_bank()), encoding="utf-8")
    print(f"wrote {REPORT_PATH.relative_to(REPO_ROOT)}")


if __name__ == "__main__":
    main()
