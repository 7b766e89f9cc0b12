"""Charts of the item statistics: difficulty against discrimination, observed difficulty against
the bank's difficulty label, reliability per form."""

from __future__ import annotations

import statistics
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # files only; no display on a server
import matplotlib.pyplot as plt

from jobpeak_tap.itemstats import ItemStatistics, ItemStatisticsReport


def _items_chart(report: ItemStatisticsReport, target: Path) -> None:
    shown = [i for i in report.items if i.p_value is not None and i.point_biserial is not None]
    figure, axes = plt.subplots(figsize=(7, 4.5))
    for flagged, colour, label in ((False, "#2f6690", "in range"), (True, "#c0392b", "flagged")):
        points = [item for item in shown if bool(item.flags) is flagged]
        axes.scatter(
            [item.p_value or 0.0 for item in points],
            [item.point_biserial or 0.0 for item in points],
            color=colour,
            label=f"{label} ({len(points)})",
        )
    axes.axhline(0, color="grey", linewidth=0.8)
    suppressed = sum(item.suppressed for item in report.items)
    axes.set(
        xlim=(0, 1),
        xlabel="p-value (share correct: high is easy)",
        ylabel="point-biserial with the rest score",
        title=f"Certification items with n >= {report.min_n} ({suppressed} suppressed)",
    )
    axes.legend(loc="best")
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


def _forms_chart(report: ItemStatisticsReport, target: Path) -> None:
    figure, axes = plt.subplots(figsize=(7, 3.5))
    names = [form.form for form in report.forms]
    values = [form.kr20 or 0.0 for form in report.forms]
    bars = axes.bar(names, values, color="#3a7ca5")
    for bar, form in zip(bars, report.forms, strict=True):
        sem = "SEM n/a" if form.sem_share is None else f"SEM {form.sem_share:.1%}"
        if form.sem_at_cut_share is not None:
            sem += f"\n{form.sem_at_cut_share:.1%} at the {form.pass_mark:.0%} cut"
        axes.annotate(
            f"KR-20 {form.kr20 or 0:.2f}\n{sem}\n{form.attempts} attempts",
            (bar.get_x() + bar.get_width() / 2, 0.05),
            ha="center",
            va="bottom",
            color="white",
        )
    axes.set(ylim=(0, 1.1), ylabel="KR-20", title="Reliability per form")
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


LABEL_ORDER = ("easy", "medium", "hard", "behavioural", "unlabelled")


def _label(item: ItemStatistics) -> str:
    labels = item.labels
    if labels.difficulty:
        return str(labels.difficulty)
    return "behavioural" if labels.section == "behavioural" else "unlabelled"


def _difficulty_chart(report: ItemStatisticsReport, target: Path) -> None:
    by_label: dict[str, list[float]] = {label: [] for label in LABEL_ORDER}
    for item in report.items:
        if item.p_value is not None:
            by_label[_label(item)].append(item.p_value)
    shown = [label for label in LABEL_ORDER if by_label[label]]
    figure, axes = plt.subplots(figsize=(7, 4))
    for position, label in enumerate(shown):
        values = sorted(by_label[label])
        spread = [position + 0.3 * (i / max(1, len(values) - 1) - 0.5) for i in range(len(values))]
        axes.scatter(spread, values, color="#2f6690", alpha=0.7)
        axes.hlines(statistics.median(values), position - 0.25, position + 0.25, color="#c0392b")
    axes.set_xticks(range(len(shown)), [f"{label}\n(n={len(by_label[label])})" for label in shown])
    axes.set(
        ylim=(0, 1.05),
        ylabel="p-value (share correct: high is easy)",
        title="Observed difficulty by the bank's label (red: median)",
    )
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


def write_item_charts(report: ItemStatisticsReport, folder: Path) -> list[Path]:
    """``items.png`` (difficulty against discrimination), ``difficulty.png`` (p-value by the
    bank's difficulty label) and ``forms.png`` (KR-20 and SEM per form)."""
    folder.mkdir(parents=True, exist_ok=True)
    items, difficulty, forms = folder / "items.png", folder / "difficulty.png", folder / "forms.png"
    _items_chart(report, items)
    _difficulty_chart(report, difficulty)
    _forms_chart(report, forms)
    return [items, difficulty, forms]
