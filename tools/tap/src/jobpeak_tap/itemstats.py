"""Classical item statistics of certification attempts: difficulty, discrimination, reliability.

Input is the per-item correctness of graded certification attempts (question ids and true/false,
never content). A *form* is what one set of attempts was drawn from: a specialty's bank version.
Per item of a form:

* ``n``: attempts that drew the item (its exposure);
* ``p_value``: proportion of those answering it correctly (classical difficulty: high is easy);
* ``point_biserial``: Pearson correlation between the item (0/1) and the *rest score* (the
  attempt's other items correct), over the attempts that drew it; ``None`` when either side does
  not vary. Negative means stronger candidates get the item wrong more often.

Items with ``n`` below ``min_n`` (30 by default) are suppressed: ``n`` is reported, their
statistics are not, so a handful of attempts cannot be read as a verdict on an item.

Per form, KR-20 reliability and the standard error of measurement. Attempts draw different items
from the bank, so KR-20 is taken with each attempt's own items:
``KR20 = k/(k-1) * (1 - mean over attempts of sum(p_i * q_i over its items) / var(X))``, with ``k``
the mean number of items per attempt and ``var(X)`` the population variance of the total scores;
on a fixed form this is the textbook KR-20. ``SEM = sd(X) * sqrt(1 - KR20)`` in items, also given
as a share of ``k`` for comparison with the 78% pass mark. At the pass mark itself, the
conditional SEM of Lord's binomial error model: ``sqrt(c * (k - c) / (k - 1))`` with ``c`` the
pass mark times ``k``. Scores are items correct, unweighted.

Each item also carries the bank's labels of the version served (from the responses, never from
the bank) and its exposure: the attempts, on any form, that drew it.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

DEFAULT_MIN_N = 30
"""Fewest attempts an item needs before its statistics are published."""
DEFAULT_PASS_MARK = 0.78
"""The certification's cut, where the conditional SEM is read."""
P_VALUE_BAND = (0.2, 0.95)
"""Items answered correctly less or more often than this are flagged for review."""


def form_name(*, specialty_slug: str, bank_version: int) -> str:
    """The form of attempts drawn from ``specialty_slug``'s bank version, ``coding/bank-v3``."""
    return f"{specialty_slug}/bank-v{bank_version}"


def form_parts(form: str) -> tuple[str, int]:
    """The specialty and bank version :func:`form_name` made ``form`` of."""
    specialty_slug, _, version = form.rpartition("/bank-v")
    return specialty_slug, int(version)


@dataclass(frozen=True)
class ItemLabels:
    """The bank's labels of an item version, as the item responses carry them (or ``None``)."""

    question_version: int | None = None
    section: str | None = None
    difficulty: str | None = None
    topic: str | None = None
    language: str | None = None


NO_LABELS = ItemLabels()


@dataclass(frozen=True)
class ScoredAttempt:
    attempt_id: str
    form: str
    """What the attempt was drawn from, e.g. ``coding/bank-v3``."""
    responses: Mapping[str, bool]
    """Question id → answered correctly."""
    labels: Mapping[str, ItemLabels] = field(default_factory=dict)
    """Question id → the labels its response carried (absent in older records)."""

    @property
    def score(self) -> int:
        return sum(self.responses.values())


@dataclass(frozen=True)
class ItemStatistics:
    form: str
    question_id: str
    n: int
    suppressed: bool
    p_value: float | None
    point_biserial: float | None
    flags: tuple[str, ...] = ()
    exposure_count: int | None = None
    """Attempts on any form that drew the item; ``None`` when suppressed."""
    labels: ItemLabels = NO_LABELS


@dataclass(frozen=True)
class FormStatistics:
    form: str
    attempts: int
    items_per_attempt: float
    mean_score: float
    sd_score: float
    kr20: float | None
    sem_items: float | None
    sem_share: float | None
    """SEM as a share of the items per attempt, comparable with a pass mark such as 0.78."""
    pass_mark: float = DEFAULT_PASS_MARK
    sem_at_cut_items: float | None = None
    """Lord's binomial conditional SEM at the pass mark, in items."""
    sem_at_cut_share: float | None = None


FORM_FIGURES = (
    "attempts", "items_per_attempt", "mean_score", "sd_score", "kr20", "sem_items",
    "sem_share", "pass_mark", "sem_at_cut_items", "sem_at_cut_share",
)  # fmt: skip
"""The figures of a form, named as in :class:`FormStatistics` and in its published event."""


@dataclass(frozen=True)
class ItemStatisticsReport:
    min_n: int
    forms: tuple[FormStatistics, ...]
    items: tuple[ItemStatistics, ...] = field(default=())


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or ``None`` when either variable does not vary."""
    count = len(xs)
    mean_x, mean_y = sum(xs) / count, sum(ys) / count
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mean_x) ** 2 for x in xs)
    syy = sum((y - mean_y) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def _flags(p_value: float, point_biserial: float | None) -> tuple[str, ...]:
    flags = []
    if point_biserial is not None and point_biserial < 0:
        flags.append("negative_discrimination")
    low, high = P_VALUE_BAND
    if not low <= p_value <= high:
        flags.append("p_value_outside_band")
    return tuple(flags)


def _labels(question_id: str, drawn: list[ScoredAttempt]) -> ItemLabels:
    """The labels of the latest response of ``drawn`` that carried any."""
    for attempt in reversed(drawn):
        labels = attempt.labels.get(question_id)
        if labels is not None and labels != NO_LABELS:
            return labels
    return NO_LABELS


def _item(
    form: str, question_id: str, drawn: list[ScoredAttempt], *, min_n: int, exposure: int
) -> ItemStatistics:
    n = len(drawn)
    labels = _labels(question_id, drawn)
    if n < min_n:
        return ItemStatistics(form, question_id, n, True, None, None, labels=labels)
    marks = [1.0 if attempt.responses[question_id] else 0.0 for attempt in drawn]
    rests = [attempt.score - mark for attempt, mark in zip(drawn, marks, strict=True)]
    p_value = sum(marks) / n
    point_biserial = pearson(marks, rests)
    flags = _flags(p_value, point_biserial)
    return ItemStatistics(
        form, question_id, n, False, p_value, point_biserial, flags, exposure, labels
    )


def _sem_at_cut(k: float, pass_mark: float) -> float | None:
    """Lord's binomial conditional SEM, in items, at the score ``pass_mark * k``."""
    if k <= 1:
        return None
    cut = pass_mark * k
    return math.sqrt(cut * (k - cut) / (k - 1))


def _form(
    form: str, attempts: list[ScoredAttempt], p_values: Mapping[str, float], pass_mark: float
) -> FormStatistics:
    count = len(attempts)
    scores = [float(attempt.score) for attempt in attempts]
    mean = sum(scores) / count
    variance = sum((score - mean) ** 2 for score in scores) / count
    k = sum(len(attempt.responses) for attempt in attempts) / count
    item_variance = (
        sum(sum(p_values[q] * (1 - p_values[q]) for q in a.responses) for a in attempts) / count
    )
    kr20 = (k / (k - 1)) * (1 - item_variance / variance) if k > 1 and variance > 0 else None
    sem = math.sqrt(variance) * math.sqrt(max(0.0, 1 - kr20)) if kr20 is not None else None
    at_cut = _sem_at_cut(k, pass_mark)
    return FormStatistics(
        form=form,
        attempts=count,
        items_per_attempt=k,
        mean_score=mean,
        sd_score=math.sqrt(variance),
        kr20=kr20,
        sem_items=sem,
        sem_share=sem / k if sem is not None else None,
        pass_mark=pass_mark,
        sem_at_cut_items=at_cut,
        sem_at_cut_share=at_cut / k if at_cut is not None else None,
    )


def item_statistics(
    attempts: Iterable[ScoredAttempt],
    *,
    min_n: int = DEFAULT_MIN_N,
    pass_mark: float = DEFAULT_PASS_MARK,
) -> ItemStatisticsReport:
    """The statistics of every item and form of ``attempts`` (forms and items sorted by id)."""
    by_form: dict[str, list[ScoredAttempt]] = defaultdict(list)
    exposure: Counter[str] = Counter()
    for attempt in attempts:
        by_form[attempt.form].append(attempt)
        exposure.update(attempt.responses.keys())
    forms, items = [], []
    for form in sorted(by_form):
        drawn: dict[str, list[ScoredAttempt]] = defaultdict(list)
        for attempt in by_form[form]:
            for question_id in attempt.responses:
                drawn[question_id].append(attempt)
        p_values = {
            question_id: sum(a.responses[question_id] for a in sitting) / len(sitting)
            for question_id, sitting in drawn.items()
        }
        forms.append(_form(form, by_form[form], p_values, pass_mark))
        items += [
            _item(form, q, drawn[q], min_n=min_n, exposure=exposure[q]) for q in sorted(drawn)
        ]
    return ItemStatisticsReport(min_n=min_n, forms=tuple(forms), items=tuple(items))
