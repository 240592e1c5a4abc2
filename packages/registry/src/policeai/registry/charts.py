"""Reliability charts as plain SVG, drawn on the server: no scripts, fonts or external assets.

:func:`group_chart` draws one metric of a report as horizontal bars, overall and per group of
each factor, each with its 95% interval as a whisker and the threshold as a dashed line.
:func:`curve_chart` draws the capability's curve where the report has one: accuracy at rank k
(metrics ``top1_accuracy``, ``top2_accuracy``, ...) or a figure swept over a threshold
(``fnir@0.4``, ``fnir@0.5``, ...), with the interval as a band.

Each chart is an ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that states the
figures in words, so a screen reader gets what the picture shows; the verdict is written beside
each bar, never given by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from itertools import count

from policeai.registry.certification.reliability import Metric, ReliabilityReport, validate_report

__all__ = ["Bar", "curve_chart", "curves", "group_chart", "interval_bars"]

INK = "#1b1f24"
MUTED = "#4a5563"
GRID = "#d5dae1"
BAR = "#3f6fb5"  # 5.1:1 on white; the whisker 3.5:1 on it (WCAG 1.4.11: 3:1)
BAR_BELOW = "#c0501f"  # 4.8:1 on white; the whisker 3.7:1 on it
WHISKER = "#111827"
THRESHOLD = "#b91c1c"
BAND = "#bcd0ea"
FONT = "font-family='system-ui, sans-serif' font-size='13'"

_ids = count(1)


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, the sample size, the figure and its interval."""

    label: str
    n: int | None
    value: float
    lower: float
    upper: float
    heading: bool = False  # a factor's heading row: label only
    strong: bool = False  # the overall figure


def _f(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _pct(x: float) -> str:
    return f"{x:.1%}"


def _meets(value: float, threshold: float, comparison: str) -> bool:
    return value >= threshold if comparison == ">=" else value <= threshold


def interval_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    threshold: float | None = None,
    comparison: str = ">=",
    width: int = 760,
) -> str:
    """Horizontal bars from 0 to each value on a 0-1 scale, with interval whiskers."""
    uid = f"chart{next(_ids)}"
    left, right, top, row = 300, 120, 34, 26
    plot = width - left - right
    height = top + row * len(bars) + 34

    def x(v: float) -> float:
        return left + max(0.0, min(1.0, v)) * plot

    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}' aria-labelledby='{uid}t {uid}d' "
        f"{FONT}>",
        f"<title id='{uid}t'>{escape(title)}</title>",
        f"<desc id='{uid}d'>{escape(_describe(bars, threshold, comparison))}</desc>",
        f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
    ]
    axis_y = top + row * len(bars) + 4
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        tx = _f(x(tick))
        parts.append(
            f"<line x1='{tx}' y1='{top - 6}' x2='{tx}' y2='{axis_y}' stroke='{GRID}'/>"
            f"<text x='{tx}' y='{axis_y + 16}' text-anchor='middle' fill='{MUTED}'>"
            f"{tick:.0%}</text>"
        )
    for i, bar in enumerate(bars):
        y = top + i * row
        mid = y + row / 2
        if bar.heading:
            parts.append(
                f"<text x='8' y='{_f(mid + 5)}' font-weight='700' fill='{INK}'>"
                f"{escape(bar.label)}</text>"
            )
            continue
        label = bar.label if bar.n is None else f"{bar.label} (n={bar.n})"
        weight = " font-weight='700'" if bar.strong else ""
        below = threshold is not None and not _meets(bar.value, threshold, comparison)
        parts.append(
            f"<text x='{left - 8}' y='{_f(mid + 5)}' text-anchor='end' fill='{INK}'{weight}>"
            f"{escape(_shorten(label))}</text>"
            f"<rect x='{left}' y='{_f(y + 6)}' width='{_f(x(bar.value) - left)}' "
            f"height='{row - 12}' fill='{BAR_BELOW if below else BAR}'/>"
            f"<line x1='{_f(x(bar.lower))}' y1='{_f(mid)}' x2='{_f(x(bar.upper))}' "
            f"y2='{_f(mid)}' stroke='{WHISKER}' stroke-width='1.5'/>"
        )
        for end in (bar.lower, bar.upper):
            parts.append(
                f"<line x1='{_f(x(end))}' y1='{_f(mid - 6)}' x2='{_f(x(end))}' "
                f"y2='{_f(mid + 6)}' stroke='{WHISKER}' stroke-width='1.5'/>"
            )
        mark = " below" if below else ""
        parts.append(
            f"<text x='{width - right + 8}' y='{_f(mid + 5)}' fill='{INK}'{weight}>"
            f"{_pct(bar.value)}{mark}</text>"
        )
    if threshold is not None:
        tx = _f(x(threshold))
        parts.append(
            f"<line x1='{tx}' y1='{top - 8}' x2='{tx}' y2='{axis_y}' stroke='{THRESHOLD}' "
            "stroke-width='2' stroke-dasharray='6 4'/>"
            f"<text x='{tx}' y='{top - 14}' text-anchor='middle' fill='{THRESHOLD}'>"
            f"standard {_cmp(comparison)} {_pct(threshold)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _cmp(comparison: str) -> str:
    return {">=": "≥", "<=": "≤"}.get(comparison, comparison)


def _shorten(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(bars: Sequence[Bar], threshold: float | None, comparison: str) -> str:
    figures = [
        f"{b.label}{'' if b.n is None else f' (n={b.n})'}: {_pct(b.value)}, 95% interval "
        f"{_pct(b.lower)} to {_pct(b.upper)}"
        for b in bars
        if not b.heading
    ]
    standard = (
        "" if threshold is None else f" The standard is {_cmp(comparison)} {_pct(threshold)}."
    )
    return "; ".join(figures) + "." + standard


def _report(report: ReliabilityReport | dict) -> ReliabilityReport:
    return report if isinstance(report, ReliabilityReport) else validate_report(report)


def group_chart(report: ReliabilityReport | dict, metric: str) -> str | None:
    """One metric overall and per group, with the threshold where the metric is required;
    ``None`` when the report does not measure it."""
    checked = _report(report)
    overall = checked.metric(metric)
    if overall is None:
        return None
    bars = [_bar("Overall", None, overall, strong=True)]
    factors: list[str] = []
    for group in checked.groups:
        if group.factor not in factors:
            factors.append(group.factor)
    for factor in factors:
        rows = [
            _bar(g.group, g.n, m)
            for g in checked.groups
            if g.factor == factor
            for m in g.metrics
            if m.name == metric
        ]
        if rows:
            bars += [Bar(f"By {factor}", None, 0, 0, 0, heading=True), *rows]
    threshold = overall.threshold if overall.required else None
    name = metric.replace("_", " ")
    return interval_bars(
        bars,
        title=f"{name} with 95% intervals, overall and by group ({checked.suite})",
        threshold=threshold,
        comparison=overall.comparison,
    )


def _bar(label: str, n: int | None, m: Metric, *, strong: bool = False) -> Bar:
    return Bar(label, n, m.value, m.lower, m.upper, strong=strong)


# -- curves -----------------------------------------------------------------------------------

TOP_K = re.compile(r"^top(?P<x>\d+)_accuracy$")
SWEPT = re.compile(r"^(?P<series>[a-z][a-z0-9_]*)@(?P<x>-?\d+(\.\d+)?)$")


@dataclass(frozen=True)
class Curve:
    name: str
    x_label: str
    points: list[tuple[float, Metric]]


def curves(report: ReliabilityReport | dict) -> list[Curve]:
    """The curves a report holds: accuracy at rank k, and figures swept over a threshold."""
    checked = _report(report)
    found: dict[tuple[str, str], list[tuple[float, Metric]]] = {}
    for m in checked.metrics:
        if top := TOP_K.match(m.name):
            found.setdefault(("accuracy at rank k", "k (suggestions shown)"), []).append(
                (float(top["x"]), m)
            )
        elif swept := SWEPT.match(m.name):
            found.setdefault((swept["series"], "threshold"), []).append((float(swept["x"]), m))
    return [
        Curve(name, x_label, sorted(points, key=lambda p: p[0]))
        for (name, x_label), points in found.items()
        if len(points) >= 2
    ]


def curve_chart(curve: Curve, *, width: int = 760, height: int = 300) -> str:
    """A line with its 95% interval as a band; required points' threshold as a dashed mark."""
    uid = f"chart{next(_ids)}"
    left, right, top, bottom, pad = 60, 24, 24, 50, 36
    xs = [x for x, _ in curve.points]
    x0, x1 = min(xs), max(xs)
    pw, ph = width - left - right, height - top - bottom

    span = (x1 - x0) or 1.0

    def px(v: float) -> float:
        return left + pad + (v - x0) / span * (pw - 2 * pad)

    def py(v: float) -> float:
        return top + (1 - max(0.0, min(1.0, v))) * ph

    description = "; ".join(
        f"{_f(x)}: {_pct(m.value)} (95% interval {_pct(m.lower)} to {_pct(m.upper)})"
        for x, m in curve.points
    )
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' role='img' width='{width}' "
        f"height='{height}' viewBox='0 0 {width} {height}' aria-labelledby='{uid}t {uid}d' "
        f"{FONT}>",
        f"<title id='{uid}t'>{escape(curve.name)} by {escape(curve.x_label)}</title>",
        f"<desc id='{uid}d'>{escape(description)}.</desc>",
        f"<rect width='{width}' height='{height}' fill='#ffffff'/>",
    ]
    for tick in (0.0, 0.2, 0.4, 0.6, 0.8, 1.0):
        ty = _f(py(tick))
        parts.append(
            f"<line x1='{left}' y1='{ty}' x2='{width - right}' y2='{ty}' stroke='{GRID}'/>"
            f"<text x='{left - 8}' y='{_f(py(tick) + 4)}' text-anchor='end' fill='{MUTED}'>"
            f"{tick:.0%}</text>"
        )
    for x, _ in curve.points:
        parts.append(
            f"<text x='{_f(px(x))}' y='{height - bottom + 18}' text-anchor='middle' "
            f"fill='{MUTED}'>{_f(x)}</text>"
        )
    parts.append(
        f"<text x='{_f(left + pw / 2)}' y='{height - 10}' text-anchor='middle' fill='{INK}'>"
        f"{escape(curve.x_label)}</text>"
    )
    upper = [f"{_f(px(x))},{_f(py(m.upper))}" for x, m in curve.points]
    lower = [f"{_f(px(x))},{_f(py(m.lower))}" for x, m in reversed(curve.points)]
    parts.append(f"<polygon points='{' '.join(upper + lower)}' fill='{BAND}' opacity='0.8'/>")
    line = " ".join(f"{_f(px(x))},{_f(py(m.value))}" for x, m in curve.points)
    parts.append(f"<polyline points='{line}' fill='none' stroke='{BAR}' stroke-width='2.5'/>")
    for x, m in curve.points:
        parts.append(
            f"<circle cx='{_f(px(x))}' cy='{_f(py(m.value))}' r='4' fill='{BAR}'/>"
            f"<text x='{_f(px(x))}' y='{_f(py(m.value) - 10)}' text-anchor='middle' "
            f"fill='{INK}'>{_pct(m.value)}</text>"
        )
        if m.required:
            ty = _f(py(m.threshold))
            parts.append(
                f"<line x1='{_f(px(x) - 24)}' y1='{ty}' x2='{_f(px(x) + 24)}' y2='{ty}' "
                f"stroke='{THRESHOLD}' stroke-width='2' stroke-dasharray='4 3'/>"
                f"<text x='{_f(px(x) + 28)}' y='{_f(py(m.threshold) + 4)}' fill='{THRESHOLD}'>"
                f"standard {_cmp(m.comparison)} {_pct(m.threshold)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
