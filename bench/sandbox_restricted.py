"""Benchmark of the `restricted` backend: its OS boundary against the former unconfined worker,
raw `exec` and smolagents' LocalPythonExecutor, all in one run.

Measured: a call that invokes 10 primitives (p50/p95), session acquisition from the warm pool vs
starting a worker cold, and calls per second with one and two sessions. The baseline is the worker
as it ran before the boundary (a plain child process with rlimits, `nobody` and a network namespace,
started with `--confine`; kept for this benchmark only, no backend starts it). Targets (issue 14):
acquisition <= 5 ms, per-call latency within 10 % of the baseline's.
Run: make bench   (or .venv/bin/python bench/sandbox_restricted.py)
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import TEN_PRIMITIVES, calls_per_second, goto, percentile, sample, summary_ms  # noqa: E402

from learnact_engine.sandbox import Limits, Sandbox, open_sandbox  # noqa: E402
from learnact_engine.sandbox.channel import PipeWorker  # noqa: E402
from learnact_engine.sandbox.process_backend import await_ready  # noqa: E402

TARGET_ACQUIRE_MS = 5.0
PAIRED_REPEATS = 1000  # a shared, busy machine: many interleaved pairs, several quantiles
TARGET_CALL_RATIO = 1.10


class BaselineWorker(PipeWorker):
    def __init__(self, process: subprocess.Popen, scratch: str):
        super().__init__(process)
        self.scratch = scratch

    def kill(self) -> None:
        super().kill()
        shutil.rmtree(self.scratch, ignore_errors=True)


class BaselineBackend:
    """The worker as it ran before the OS boundary: the benchmark's baseline only."""

    name = "baseline"

    def spawn_worker(self) -> BaselineWorker:
        scratch = tempfile.mkdtemp(prefix="learnact-bench-")
        process = subprocess.Popen(
            [sys.executable, "-I", "-m", "learnact_engine.sandbox.worker", "--confine", "--scratch", scratch],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env={}, cwd=scratch,
            start_new_session=True, close_fds=True,
        )
        worker = BaselineWorker(process, scratch)
        await_ready(worker, "the baseline worker")
        return worker

    def close(self) -> None:
        pass


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


def paired_calls(first, second) -> tuple[list[float], list[float]]:
    """The same call on two sandboxes, interleaved (order alternating), so that the load of a busy
    machine falls on both alike."""
    sessions = []
    for sandbox in (first, second):
        session = sandbox.session()
        session.load(LIBRARY, {"goto": goto})
        sessions.append(session)
    times: tuple[list[float], list[float]] = ([], [])
    for i in range(PAIRED_REPEATS + 5):
        order = (0, 1) if i % 2 == 0 else (1, 0)
        for index in order:
            start = time.perf_counter()
            result = sessions[index].call("ten", ["desk"])
            elapsed = time.perf_counter() - start
            assert result.status == "ok", result.error
            if i >= 5:
                times[index].append(elapsed)
    for session in sessions:
        session.close()
    return times


def wait_until_ready(sandbox, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while sandbox.pool._ready.qsize() < sandbox.pool.size and time.monotonic() < deadline:
        time.sleep(0.01)


def bench_acquisition(sandbox) -> tuple[list[float], list[float]]:
    warm, cold = [], []
    for _ in range(15):
        wait_until_ready(sandbox)  # this measures a ready pool
        start = time.perf_counter()
        worker = sandbox.pool.acquire()
        warm.append(time.perf_counter() - start)
        worker.kill()
    for _ in range(10):
        start = time.perf_counter()
        worker = sandbox.backend.spawn_worker()
        cold.append(time.perf_counter() - start)
        worker.kill()
    return warm, cold


def main() -> None:
    print("== sandbox: restricted backend (a call invoking 10 primitives), baseline in the same run ==")
    raw = bench_raw_exec()
    print(f"raw exec (no isolation)          {summary_ms(raw)}")
    smol = bench_smolagents()
    if smol:
        print(f"smolagents LocalPythonExec.      {summary_ms(smol)}")
    else:
        print("smolagents LocalPythonExec.      not installed (pip install '.[bench]')")
    with Sandbox(BaselineBackend(), Limits(), pool_size=2) as baseline, \
            open_sandbox("restricted", Limits(), pool_size=2) as boundary:
        before, after = paired_calls(baseline, boundary)
        figures = {}
        for name, sandbox, calls in (("baseline", baseline, before), ("boundary", boundary, after)):
            print(f"[{name}] call, 10 primitives    {summary_ms(calls)}")
            print(f"[{name}]   per primitive round trip {percentile(calls, 50) / 10 * 1e3:.3f} ms (p50 / 10)"
                  f"; {percentile(calls, 50) / percentile(raw, 50):.0f} x raw exec"
                  + (f", {percentile(calls, 50) / percentile(smol, 50):.2f} x smolagents" if smol else ""))
            warm, cold = bench_acquisition(sandbox)
            print(f"[{name}] acquisition (pool)     {summary_ms(warm)}")
            print(f"[{name}] worker cold start      {summary_ms(cold)}")
            rates = {n: calls_per_second(sandbox, LIBRARY, {"goto": goto}, ("ten", ["desk"]), n) for n in (1, 2)}
            for n, rate in rates.items():
                print(f"[{name}] calls/s, {n} session(s)  {rate:8.0f}")
            figures[name] = {"call_ms": percentile(calls, 50) * 1e3, "acquire_ms": percentile(warm, 50) * 1e3,
                             "cold_ms": percentile(cold, 50) * 1e3, "rates": rates}
    b, a = figures["baseline"], figures["boundary"]
    ratio = a["call_ms"] / b["call_ms"]
    print("== OS boundary vs the former worker (calls interleaved) ==")
    for q in (10, 25):
        print(f"per call p{q}      {percentile(before, q) * 1e3:.3f} -> {percentile(after, q) * 1e3:.3f} ms"
              f"  ({percentile(after, q) / percentile(before, q):.3f} x)")
    pairs = sorted(y / x for x, y in zip(before, after))
    print(f"per call, median of the pairwise ratios   {pairs[len(pairs) // 2]:.3f} x")
    print(f"per call p50      {b['call_ms']:.3f} -> {a['call_ms']:.3f} ms  ({ratio:.3f} x)"
          f"   target <= {TARGET_CALL_RATIO:.2f} x: {'met' if ratio <= TARGET_CALL_RATIO else 'MISSED'}")
    print(f"pool acquisition  {b['acquire_ms']:.3f} -> {a['acquire_ms']:.3f} ms"
          f"   target <= {TARGET_ACQUIRE_MS} ms: {'met' if a['acquire_ms'] <= TARGET_ACQUIRE_MS else 'MISSED'}")
    print(f"cold start        {b['cold_ms']:.1f} -> {a['cold_ms']:.1f} ms (in the pool's background thread)")
    for n in (1, 2):
        print(f"calls/s, {n} session(s)  {b['rates'][n]:.0f} -> {a['rates'][n]:.0f}")


if __name__ == "__main__":
    main()
