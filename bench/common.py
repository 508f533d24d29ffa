"""Small helpers shared by the benchmark scripts: timing and percentiles, no third-party deps."""

from __future__ import annotations

import statistics
import time
from typing import Callable


def sample(fn: Callable[[], object], repeats: int, warmup: int = 5) -> list[float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary_ms(values: list[float]) -> str:
    return (f"p50 {percentile(values, 50) * 1e3:8.3f} ms   p95 {percentile(values, 95) * 1e3:8.3f} ms   "
            f"mean {statistics.fmean(values) * 1e3:8.3f} ms")
