"""Bar charts drawn as SVG on the server: no chart library, no script, nothing from a CDN.

The SVG uses presentation attributes only (no ``style`` and no script), so it
renders under the strict Content-Security-Policy. Each chart is decorative for
screen readers (``aria-hidden``); the page puts the same numbers in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 720
HEIGHT = 220
LEFT = 56  # room for the axis labels
BOTTOM = 24
TOP = 10

# Colour-blind-safe (Okabe-Ito) fills, one per series.
PALETTE = ("#999999", "#56b4e9", "#009e73", "#0072b2", "#e69f00", "#d55e00", "#cc79a7")


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[float]


def _nice_max(value: float) -> float:
    """The smallest 1/2/5 x 10^n at or above ``value`` (an axis top a reader can halve)."""
    if value <= 0:
        return 1.0
    scale = 1.0
    while scale * 10 <= value:
        scale *= 10
    while scale > value:
        scale /= 10
    for step in (1, 2, 5, 10):
        if step * scale >= value:
            return step * scale
    return 10 * scale


def _number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.2f}"


def stacked_bars(
    *, labels: Sequence[str], series: Sequence[Series], title: str, unit: str = ""
) -> SafeString:
    """One bar per label, its series stacked bottom-up; a hover title gives the exact numbers."""
    count = max(len(labels), 1)
    totals = [sum(float(s.values[i]) for s in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0.0))
    plot_w, plot_h = WIDTH - LEFT - 8, HEIGHT - BOTTOM - TOP
    slot = plot_w / count
    bar = max(slot * 0.75, 1.0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="eve-chart" role="img" aria-hidden="true" focusable="false">',
        f"<title>{escape(title)}</title>",
    ]
    for fraction in (0, 0.5, 1):
        y = TOP + plot_h * (1 - fraction)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - 8}" y1="{y:.1f}" y2="{y:.1f}" stroke="#cccccc" />'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
            f'fill="#555555">{escape(_number(top * fraction))}{escape(unit)}</text>'
        )
    for i, label in enumerate(labels):
        x = LEFT + i * slot + (slot - bar) / 2
        y = TOP + plot_h
        for colour, item in zip(PALETTE, series, strict=False):
            value = float(item.values[i])
            if value <= 0:
                continue
            height = plot_h * value / top
            y -= height
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{height:.1f}" '
                f'fill="{colour}"><title>{escape(label)}: {escape(item.label)} '
                f"{escape(_number(value))}{escape(unit)}</title></rect>"
            )
    step = max(1, count // 8)  # at most ~8 date labels under the axis
    for i in range(0, len(labels), step):
        x = LEFT + i * slot + slot / 2
        parts.append(
            f'<text x="{x:.1f}" y="{HEIGHT - 6}" text-anchor="middle" font-size="11" '
            f'fill="#555555">{escape(labels[i])}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above


def legend(series: Sequence[Series]) -> list[tuple[str, str]]:
    """(label, colour) pairs in the order the chart stacks them."""
    return [(item.label, colour) for colour, item in zip(PALETTE, series, strict=False)]
