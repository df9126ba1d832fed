"""Small statistics helpers: percentiles over latency samples, in milliseconds."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], pct: float) -> float:
    """The nearest-rank percentile of ``samples`` (0 for an empty list)."""
    if not samples:
        return 0.0
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise_ms(seconds: Sequence[float]) -> dict:
    """p50/p95/p99/max in milliseconds, rounded for a table."""
    millis = [value * 1000 for value in seconds]
    return {
        "n": len(millis),
        "p50_ms": round(percentile(millis, 50), 3),
        "p95_ms": round(percentile(millis, 95), 3),
        "p99_ms": round(percentile(millis, 99), 3),
        "max_ms": round(max(millis), 3) if millis else 0.0,
    }
