"""Benchmark of the `docker` backend, with the `restricted` backend measured in the same run as the
baseline.

Figures: the warm round trip per primitive (a call invoking 10 primitives minus a call invoking none,
over 10; and a bare protocol ping to a warm container), session acquisition from the warm pool vs a
cold `docker run` of a hardened worker, and calls per second with one and two sessions.
Targets (issue 3): <= 0.25 ms per primitive round trip warm, <= 5 ms to acquire a session from the pool.
Run: .venv/bin/python bench/sandbox_docker.py   (needs a Docker daemon and `make image`)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import TEN_PRIMITIVES, calls_per_second, goto, percentile, sample, summary_ms  # noqa: E402

from learnact_engine.sandbox import Limits, open_sandbox  # noqa: E402

LIBRARY = TEN_PRIMITIVES + '''

def none(target):
    observations = []
    for i in range(10):
        observations.append(target + " " + str(i))
    return observations[-1]
'''
REPEATS = 300
TARGET_PRIMITIVE_MS = 0.25
TARGET_ACQUIRE_MS = 5.0


def per_primitive(sandbox) -> tuple[list[float], list[float], list[float]]:
    session = sandbox.session()
    session.load(LIBRARY, {"goto": goto})
    ten = sample(lambda: session.call("ten", ["desk"]), REPEATS)
    none = sample(lambda: session.call("none", ["desk"]), REPEATS)
    worker = session._worker  # the bare protocol round trip to the same warm worker

    def ping():
        deadline = time.monotonic() + 5
        worker.send({"op": "ping"}, deadline)
        worker.recv(deadline)

    pings = sample(ping, REPEATS)
    session.close()
    return ten, none, pings


def acquisition(sandbox, spawn, refill_s: float, samples: int = 10) -> tuple[list[float], list[float], list[float]]:
    warm, warm_loaded, cold = [], [], []
    for _ in range(samples):
        time.sleep(refill_s)  # let the pool refill: this measures a ready pool
        start = time.perf_counter()
        worker = sandbox.pool.acquire()
        warm.append(time.perf_counter() - start)
        worker.kill()
    for _ in range(samples):
        time.sleep(refill_s)
        start = time.perf_counter()
        session = sandbox.session()
        session.load(LIBRARY, {"goto": goto})  # takes a pooled worker and loads the library into it
        warm_loaded.append(time.perf_counter() - start)
        session.close()
    for _ in range(max(3, samples // 2)):
        start = time.perf_counter()
        worker = spawn()
        cold.append(time.perf_counter() - start)
        worker.kill()
    return warm, warm_loaded, cold


def report(name: str, sandbox, spawn, refill_s: float) -> dict:
    ten, none, pings = per_primitive(sandbox)
    primitive_ms = (percentile(ten, 50) - percentile(none, 50)) / 10 * 1e3
    print(f"[{name}] call with 10 primitives    {summary_ms(ten)}")
    print(f"[{name}] call with no primitive     {summary_ms(none)}")
    print(f"[{name}] protocol ping round trip   {summary_ms(pings)}")
    print(f"[{name}]   per primitive round trip {primitive_ms:.3f} ms (p50 difference / 10)")
    warm, warm_loaded, cold = acquisition(sandbox, spawn, refill_s)
    print(f"[{name}] acquire worker from pool   {summary_ms(warm)}")
    print(f"[{name}] acquire + load library     {summary_ms(warm_loaded)}")
    print(f"[{name}] cold start (no pool)       {summary_ms(cold)}")
    print(f"[{name}]   ratio cold / pool p50    {percentile(cold, 50) / percentile(warm, 50):10.0f} x")
    rates = {n: calls_per_second(sandbox, LIBRARY, {"goto": goto}, ("ten", ["desk"]), n) for n in (1, 2)}
    for n, rate in rates.items():
        print(f"[{name}] calls/s with {n} session(s)   {rate:8.0f}   ({rate * 10:8.0f} primitives/s)")
    return {"primitive_ms": primitive_ms, "ping_ms": percentile(pings, 50) * 1e3, "acquire_ms": percentile(warm, 50) * 1e3,
            "acquire_loaded_ms": percentile(warm_loaded, 50) * 1e3, "cold_ms": percentile(cold, 50) * 1e3, "rates": rates}


def main() -> int:
    limits = Limits(primitive_calls=1000)
    print("== sandbox: docker backend, restricted as the baseline (same run) ==")
    with open_sandbox("restricted", limits, pool_size=2) as sandbox:
        base = report("restricted", sandbox, sandbox.backend.spawn_worker, 0.3)
    try:
        docker_box = open_sandbox("docker", limits, pool_size=2)
    except Exception as exc:  # noqa: BLE001 - no daemon or no image: say so, measure nothing
        print(f"docker backend unavailable: {type(exc).__name__}: {exc}")
        return 1
    with docker_box as sandbox:
        ours = report("docker", sandbox, sandbox.backend.spawn_worker, 1.5)
    print("== docker vs restricted ==")
    print(f"per primitive round trip  {ours['primitive_ms']:.3f} ms  ({ours['primitive_ms'] / base['primitive_ms']:.2f} x restricted)"
          f"   target <= {TARGET_PRIMITIVE_MS} ms: {'met' if ours['primitive_ms'] <= TARGET_PRIMITIVE_MS else 'MISSED'}")
    print(f"acquire from pool         {ours['acquire_ms']:.3f} ms  ({ours['acquire_ms'] / base['acquire_ms']:.2f} x restricted)"
          f"   target <= {TARGET_ACQUIRE_MS} ms: {'met' if ours['acquire_ms'] <= TARGET_ACQUIRE_MS else 'MISSED'}")
    print(f"acquire + load            {ours['acquire_loaded_ms']:.3f} ms  ({ours['acquire_loaded_ms'] / base['acquire_loaded_ms']:.2f} x restricted)")
    print(f"cold docker run           {ours['cold_ms']:.1f} ms  ({ours['cold_ms'] / ours['acquire_ms']:.0f} x the pool)")
    for n in (1, 2):
        print(f"calls/s, {n} session(s)     {ours['rates'][n]:.0f}  ({ours['rates'][n] / base['rates'][n]:.2f} x restricted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
