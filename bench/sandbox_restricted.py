"""Benchmark of the `restricted` backend against raw `exec` and smolagents' LocalPythonExecutor.

Measured in one run: a call that invokes 10 primitives (p50/p95), session acquisition from the warm
pool vs starting a worker cold, and calls per second with one and two sessions. Ratios are against
raw exec (no isolation at all) and smolagents (an in-process AST interpreter, no OS boundary).
Run: make bench   (or .venv/bin/python bench/sandbox_restricted.py)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import TEN_PRIMITIVES, calls_per_second, goto, percentile, sample, summary_ms  # noqa: E402

from learnact_engine.sandbox import Limits, open_sandbox  # noqa: E402
from learnact_engine.sandbox.process_backend import spawn_process_worker  # noqa: E402

LIBRARY = TEN_PRIMITIVES
REPEATS = 300


def bench_raw_exec() -> list[float]:
    code = compile(LIBRARY, "actions.py", "exec")

    def once():
        namespace = {"goto": goto}
        exec(code, namespace)  # noqa: S102 - the unprotected baseline
        return namespace["ten"]("desk")

    return sample(once, REPEATS)


def bench_smolagents() -> list[float] | None:
    try:
        from smolagents.local_python_executor import LocalPythonExecutor
    except ImportError:
        return None
    executor = LocalPythonExecutor(additional_authorized_imports=[])
    executor.send_tools({})  # installs its safe builtins (BASE_PYTHON_TOOLS)
    executor.static_tools["goto"] = goto
    executor.send_variables({})
    program = LIBRARY + '\nten("desk")\n'

    def once():
        return executor(program)

    return sample(once, REPEATS)


def bench_restricted(sandbox) -> list[float]:
    session = sandbox.session()
    session.load(LIBRARY, {"goto": goto})
    times = sample(lambda: session.call("ten", ["desk"]), REPEATS)
    session.close()
    return times


def bench_acquisition(sandbox) -> tuple[list[float], list[float]]:
    warm, cold = [], []
    for _ in range(15):
        time.sleep(0.3)  # let the pool refill: this measures a ready pool
        start = time.perf_counter()
        worker = sandbox.pool.acquire()
        warm.append(time.perf_counter() - start)
        worker.kill()
    for _ in range(10):
        start = time.perf_counter()
        worker = spawn_process_worker()
        cold.append(time.perf_counter() - start)
        worker.kill()
    return warm, cold


def main() -> None:
    print("== sandbox: restricted backend (a call invoking 10 primitives) ==")
    raw = bench_raw_exec()
    print(f"raw exec (no isolation)      {summary_ms(raw)}")
    smol = bench_smolagents()
    if smol:
        print(f"smolagents LocalPythonExec.  {summary_ms(smol)}")
    else:
        print("smolagents LocalPythonExec.  not installed (pip install '.[bench]')")
    with open_sandbox("restricted", Limits(), pool_size=2) as sandbox:
        ours = bench_restricted(sandbox)
        print(f"learnact restricted          {summary_ms(ours)}")
        per_primitive = percentile(ours, 50) / 10
        print(f"  per primitive round trip   {per_primitive * 1e3:.3f} ms (p50 / 10)")
        print(f"  ratio p50 vs raw exec      {percentile(ours, 50) / percentile(raw, 50):8.1f} x")
        if smol:
            print(f"  ratio p50 vs smolagents    {percentile(ours, 50) / percentile(smol, 50):8.2f} x")
        warm, cold = bench_acquisition(sandbox)
        print(f"session acquisition (pool)   {summary_ms(warm)}")
        print(f"worker cold start            {summary_ms(cold)}")
        print(f"  ratio cold / pool p50      {percentile(cold, 50) / percentile(warm, 50):8.0f} x")
        for sessions in (1, 2):
            rate = calls_per_second(sandbox, LIBRARY, {"goto": goto}, ("ten", ["desk"]), sessions)
            print(f"calls/s with {sessions} session(s)     {rate:8.0f}")


if __name__ == "__main__":
    main()
