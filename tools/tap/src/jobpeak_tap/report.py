"""The funnel as charts (PNG) and one self-contained HTML page."""

from __future__ import annotations

import html
from datetime import timedelta
from pathlib import Path

import matplotlib as mpl

mpl.use("Agg")  # files only; no display on a server
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from jobpeak_tap.funnel import STAGES, Funnel
from jobpeak_tap.itemstats import ItemStatisticsReport
from jobpeak_tap.itemstats_charts import write_item_charts

RESTRICTED_ITEMS_NOTE = (
    "Per-item results are restricted (each one is a bit of a certification answer key): they"
    " are on testing.item-responses.v1, which only the item-statistics principal reads. Fill a"
    " separate store with <code>jobpeak-tap consume --item-statistics</code> under that"
    " principal to see them here."
)

NO_STATISTICS_NOTE = (
    "No item statistics in this store: they are published on the public"
    " analytics.item-statistics.v1 by <code>jobpeak-tap item-stats --publish</code>; tap that"
    " topic (<code>jobpeak-tap consume</code> reads it with the other public topics)."
)


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _duration(value: timedelta | None) -> str:
    if value is None:
        return "n/a"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3_600)
    minutes, seconds = divmod(rest, 60)
    return f"{days}d {hours}h" if days else f"{hours}h {minutes}m {seconds}s"


def _as_of(funnel: Funnel) -> str:
    return "no events" if funnel.as_of is None else funnel.as_of.strftime("%Y-%m-%d %H:%M UTC")


def _funnel_chart(funnel: Funnel, target: Path) -> None:
    figure, axes = plt.subplots(figsize=(7, 3.5))
    counts = [funnel.stage_counts[stage] for stage in STAGES]
    bars = axes.bar(STAGES, counts, color=["#7aa6c2", "#5b8db8", "#3c6e9e", "#1f4e79"])
    labels = [
        f"{n} ({_percent(funnel.share_of_first_stage(s))})"
        for s, n in zip(STAGES, counts, strict=True)
    ]
    axes.bar_label(bars, labels=labels)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, max(counts, default=0) * 1.15 + 1)
    axes.set_ylabel("candidates (each bar within the previous)")
    axes.set_title(f"Practice → paid → passed → matched, as of {_as_of(funnel)}")
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


def _items_chart(funnel: Funnel, target: Path, *, limit: int = 25) -> None:
    hardest = funnel.items[:limit]
    figure, axes = plt.subplots(figsize=(7, max(2.5, 0.28 * len(hardest) + 1)))
    labels = [f"{item.question_id} (n={item.responses})" for item in hardest]
    axes.barh(labels, [item.correct_rate for item in hardest])
    axes.set_xlim(0, 1)
    axes.invert_yaxis()
    axes.set_xlabel("share answered correctly")
    axes.set_title(f"Certification: the {len(hardest)} hardest items")
    figure.tight_layout()
    figure.savefig(target, dpi=110)
    plt.close(figure)


def _statistics_section(statistics: ItemStatisticsReport | None, directory: Path) -> str:
    """Charts and flagged items of the public item statistics, or how to get them."""
    if statistics is None or not statistics.items:
        return f"<p>{NO_STATISTICS_NOTE}</p>"
    charts = write_item_charts(statistics, directory / "item-statistics")
    images = "".join(
        f'<img src="item-statistics/{chart.name}" alt="{chart.stem}">' for chart in charts
    )
    flagged = "".join(
        f"<tr><td>{html.escape(i.form)}</td><td>{html.escape(i.question_id)}</td>"
        f"<td>{i.n}</td><td>{html.escape(', '.join(i.flags))}</td></tr>"
        for i in statistics.items
        if i.flags
    )
    suppressed = sum(item.suppressed for item in statistics.items)
    return (
        f"<p>{len(statistics.items)} item-form pairs, {suppressed} suppressed (n &lt; "
        f"{statistics.min_n}); from analytics.item-statistics.v1.</p>{images}"
        "<h3>Flagged for review</h3><table><tr><th>form</th><th>question</th><th>n</th>"
        f"<th>flags</th></tr>{flagged}</table>"
    )


def write_report(
    funnel: Funnel, directory: Path, *, statistics: ItemStatisticsReport | None = None
) -> Path:
    """Write funnel.png, the certification items chart, the item statistics charts (when the
    public statistics topic was tapped) and index.html; return the page."""
    directory.mkdir(parents=True, exist_ok=True)
    _funnel_chart(funnel, directory / "funnel.png")
    _items_chart(funnel, directory / "items-certification.png")
    stages = "".join(
        f"<tr><td>{stage}</td><td>{funnel.stage_counts[stage]}</td>"
        f"<td>{_percent(funnel.share_of_first_stage(stage))}</td></tr>"
        for stage in STAGES
    )
    steps = "".join(
        f"<tr><td>{s.source} → {s.target}</td><td>{s.reached_both} / {s.reached_source}</td>"
        f"<td>{_percent(s.conversion)}</td><td>{_duration(s.median_time_between)}</td></tr>"
        for s in funnel.steps
    )
    rows = "".join(
        f"<tr><td>{html.escape(i.question_id)}</td>"
        f"<td>{i.correct} / {i.responses}</td><td>{_percent(i.correct_rate)}</td></tr>"
        for i in funnel.items
    )
    items = (
        '<img src="items-certification.png" alt="hardest certification items">'
        "<table><tr><th>question</th><th>correct / n</th><th>rate</th></tr>"
        f"{rows}</table>"
        if funnel.items
        else f"<p>{RESTRICTED_ITEMS_NOTE}</p>"
    )
    sla = funnel.sla
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jobpeak funnel</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:2rem auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.3rem .6rem}}</style></head>
<body><h1>Jobpeak candidate funnel</h1>
<p>As of <b>{_as_of(funnel)}</b>. Certification pass rate: <b>{_percent(funnel.pass_rate)}</b>
({funnel.passes} of {funnel.certification_attempts} attempts).
Matched within the seven days: <b>{_percent(sla.share_kept)}</b>
({sla.matched_in_time} matched in time of {sla.decided} decided; {sla.breached} breached;
{sla.pending} still within their seven days, not counted).</p>
<img src="funnel.png" alt="funnel chart">
<h2>Stages (nested)</h2><table><tr><th>stage</th><th>candidates</th><th>of practised</th></tr>
{stages}</table>
<h2>Steps</h2><table><tr><th>step</th><th>candidates</th><th>conversion</th>
<th>median time between</th></tr>{steps}</table>
<h2>Certification items</h2>{items}
<h2>Item statistics</h2>{_statistics_section(statistics, directory)}
</body></html>
"""
    target = directory / "index.html"
    target.write_text(page)
    return target
