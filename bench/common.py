"""Small helpers shared by the benchmark scripts: timing and percentiles, no third-party deps."""

from __future__ import annotations

import statistics
import threading
import time
from typing import Callable


# An action calling 10 primitives, the unit both sandbox benchmarks time.
TEN_PRIMITIVES = '''
def ten(target):
    observations = []
    for i in range(10):
        observations.append(goto(target + " " + str(i)))
    return observations[-1]
'''


def goto(target: str) -> str:
    """The host-side primitive the benchmarks answer with."""
    return f"You arrive at {target}."


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


def calls_per_second(sandbox, library: str, primitives: dict, call: tuple, sessions: int, seconds: float = 3.0) -> float:
    """Sequential calls per second summed over `sessions` sessions running in parallel threads."""
    counts = [0] * sessions
    ready = threading.Barrier(sessions)

    def run(index: int) -> None:
        session = sandbox.session()
        session.load(library, primitives)
        ready.wait()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            session.call(*call)
            counts[index] += 1
        session.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / seconds
