"""The suite's one report: Markdown with the machine, a headline table of ratios, then details.

Charts are PNG files beside the Markdown (matplotlib, no display needed).
"""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")

import matplotlib.pyplot as plt

from benchmarks.machine import Machine
from benchmarks.results import BenchmarkOutput, Comparison, Spread

LOADED_MACHINE_WARNING = (
    "Measured on a shared machine: absolute figures depend on its load (see the load average); "
    "the ratios compare each candidate with its baseline measured in the same run, rounds "
    "alternated."
)


def _figure(value: float) -> str:
    if math.isnan(value):
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _spread(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    spread = Spread.of(samples)
    return (
        f"{_figure(spread.median)} ({_figure(spread.p25)}-{_figure(spread.p75)}, n={spread.rounds})"
    )


def _ratio(ratio: float) -> str:
    return "n/a" if math.isnan(ratio) or math.isinf(ratio) else f"{ratio:.2f}x"


def _verdict(comparison: Comparison) -> str:
    met = comparison.met
    if met is None:
        return "—"
    return "met" if met else "**missed**"


def headline_table(comparisons: list[Comparison]) -> str:
    lines = [
        "| | benchmark | candidate median (p25-p75) | baseline median (p25-p75) | ratio "
        "| target | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for c in comparisons:
        direction = "higher is better" if c.higher_is_better else "lower is better"
        lines.append(
            f"| {c.benchmark} | {c.name} ({c.unit}, {direction}) | {_spread(c.candidate)} "
            f"| {_spread(c.baseline)} | **{_ratio(c.ratio)}** | {c.target or '—'} "
            f"| {_verdict(c)} |"
        )
    return "\n".join(lines)


def ratio_chart(comparisons: list[Comparison], path: Path) -> None:
    """One bar per comparison: candidate/baseline, with the target ratio marked."""
    shown = [c for c in comparisons if math.isfinite(c.ratio)]
    if not shown:
        return
    figure, axes = plt.subplots(figsize=(9, 0.45 * len(shown) + 1.5))
    labels = [f"{c.benchmark} {c.name}" for c in shown]
    colours = [
        "tab:gray" if c.met is None else ("tab:green" if c.met else "tab:red") for c in shown
    ]
    positions = range(len(shown))
    axes.barh(positions, [c.ratio for c in shown], color=colours)
    for position, c in zip(positions, shown, strict=True):
        if c.target_ratio is not None:
            axes.plot([c.target_ratio] * 2, [position - 0.4, position + 0.4], color="black")
    axes.set_yticks(list(positions), labels, fontsize=8)
    axes.invert_yaxis()
    axes.axvline(1.0, color="tab:blue", linestyle=":", linewidth=1)
    axes.set_xlabel("candidate / baseline (black tick: target ratio)")
    axes.set_title("Ratios to the bare baselines, same run")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write_report(
    *,
    folder: Path,
    command: str,
    machine: Machine,
    outputs: dict[str, BenchmarkOutput],
    errors: dict[str, str],
    elapsed_seconds: float,
) -> Path:
    comparisons = [c for output in outputs.values() for c in output.comparisons]
    ratio_chart(comparisons, folder / "ratios.png")
    after = machine.load_after or machine.load_before
    lines = [
        "# Benchmark report",
        "",
        f"Command: `{command}` — took {elapsed_seconds:.0f} s.",
        "",
        f"> {LOADED_MACHINE_WARNING}",
        "",
        "## Machine",
        "",
        f"- {machine.cores} cores ({machine.cpu}); load average before "
        f"{' / '.join(f'{v:.1f}' for v in machine.load_before)}, after "
        f"{' / '.join(f'{v:.1f}' for v in after)} (1 / 5 / 15 min)",
        f"- Python {machine.python}; Kafka {machine.kafka}; PostgreSQL {machine.postgres}; "
        f"stripe-mock {machine.stripe_mock}",
        "- " + ", ".join(f"{name} {version}" for name, version in machine.libraries.items()),
        *(f"- {note}" for note in machine.notes),
        "",
        "## Headline: every benchmark against its baseline",
        "",
        headline_table(comparisons),
        "",
        "![ratios](ratios.png)",
        "",
    ]
    if errors:
        lines += ["## Benchmarks that did not finish", ""]
        lines += [f"- **{key}**: {error}" for key, error in errors.items()]
        lines.append("")
    for key, output in outputs.items():
        lines += [f"## {key}", ""]
        for c in output.comparisons:
            lines.append(f"- {c.name}: {c.candidate_label} vs {c.baseline_label}")
            lines += [f"  - {note}" for note in c.notes]
            lines += [f"  - target condition not held: {failure}" for failure in c.failures]
        lines.append("")
        for section in output.sections:
            lines += [section, ""]
        lines += [f"![{chart}]({chart})" for chart in output.charts]
        lines.append("")
    path = folder / "report.md"
    path.write_text("\n".join(lines))
    return path
