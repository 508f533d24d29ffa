"""Benchmark: episodes per second on the Ray executor (1 and 2 workers) against the local executor
(`--workers 1` and `--workers 2`, threads), replaying one recorded learning run so that the LLM is
not the bottleneck. Every configuration replays the same cassette into a fresh run directory in
this process, in the same session: `eval` (the run's test episodes only: one batch) and `learn`
(the whole run: small batches between learning steps in the driver). Figures are ratios against
`local --workers 1`, with and without the Ray workers' start-up, and the Ray path's overhead per
episode.

Usage: python bench/ray_episodes.py [--cassette RUN_DIR] [--test-per-type 12] [--repeats 1]
Without --cassette, a LearnAct run on Robotic Planning is recorded first with the learner tests'
scripted LLM (tests/learners/doubles.py: it answers each prompt by what the prompt asks for) behind
the run's own cassette; with it, RUN_DIR must be a run recorded with the same task flags.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = (("local", 1), ("local", 2), ("ray", 1), ("ray", 2))


def run_args(test_per_type: int) -> list[str]:
    return ["--domain", "robotic_planning", "--quiet", "--test-per-type", str(test_per_type),
            "--train-per-type", "2", "--samples", "2"]


def record(folder: Path, test_per_type: int) -> Path:
    import learnact_engine.llm.factory as factory
    from learnact_engine.cli import main

    spec = importlib.util.spec_from_file_location("learnact_bench_doubles", ROOT / "tests" / "learners" / "doubles.py")
    doubles = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(doubles)
    real = factory.make_backend
    factory.make_backend = lambda s, options=None: doubles.ScriptedLLM() if s == "openai:scripted" else real(s, options)
    try:
        path = folder / "recorded"
        if main(["learn", *run_args(test_per_type), "--llm", "openai:scripted", "--run-dir", str(path)]) != 0:
            raise SystemExit("recording the run failed")
        return path
    finally:
        factory.make_backend = real


def replay(cassette: Path, run_dir: Path, test_per_type: int, command: str, executor: str,
           workers: int) -> tuple[float, float, int]:
    """(wall seconds, of which Ray worker start-up, episodes) of one replay: `learn` (the whole
    recorded run, learning batches included) or `eval` (its test episodes only, one batch)."""
    from learnact_engine.cli import build_parser
    from learnact_engine.commands.learn_cmd import build_options
    from learnact_engine.learners.run import execute_run
    from learnact_engine.run_dir import RunDir

    extra = ["--method", "learnact", "--from-run", str(cassette)] if command == "eval" else []
    args = build_parser().parse_args([command, *run_args(test_per_type), *extra, "--llm",
                                      f"replay:{cassette / 'llm-cache'}", "--executor", executor,
                                      "--workers", str(workers), "--run-dir", str(run_dir)])
    options = build_options(args, learn=command == "learn", from_run=cassette if command == "eval" else None)
    startup: list[float] = []
    options.on_status = lambda text: startup.extend(float(m) for m in re.findall(r"ready in ([0-9.]+) s", text))
    start = time.perf_counter()
    execute_run(options)
    return time.perf_counter() - start, sum(startup), len(RunDir(run_dir).episodes())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cassette", type=Path, default=None, help="a recorded run directory (default: record one)")
    parser.add_argument("--test-per-type", type=int, default=12)
    parser.add_argument("--repeats", type=int, default=1, help="passes over the configurations (median kept)")
    args = parser.parse_args()
    try:
        import ray
    except ImportError:
        print("ray is not installed (pip install 'learnact-engine[ray]'): skipped")
        return 0
    with tempfile.TemporaryDirectory(prefix="ray-bench-") as tmp:
        folder = Path(tmp)
        cassette = args.cassette or record(folder, args.test_per_type)
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
        try:
            results = {command: _measure(cassette, folder, args, command) for command in ("eval", "learn")}
            started, trip = _worker_start_s(cassette)
        finally:
            ray.shutdown()
    print(f"Replaying one recorded LearnAct run on Robotic Planning; median of {args.repeats} pass(es); "
          "Ray with 2 CPUs on this machine")
    for command, (episodes, median, ready) in results.items():
        what = "test episodes only, one batch" if command == "eval" else "whole run, learning in the driver"
        print(f"\n{command}: {episodes} episodes ({what})")
        print(f"{'executor':<10}{'workers':>8}{'wall s':>10}{'start-up s':>12}{'episodes/s':>12}{'vs local x1':>13}"
              f"{'excl. start-up':>16}")
        base = median[("local", 1)]
        for (executor, workers), seconds in median.items():
            steady = seconds - ready[(executor, workers)]
            print(f"{executor:<10}{workers:>8}{seconds:>10.2f}{ready[(executor, workers)]:>12.2f}"
                  f"{episodes / seconds:>12.2f}{base / seconds:>12.2f}x{base / steady:>15.2f}x")
        overhead = (median[("ray", 1)] - ready[("ray", 1)] - base) / episodes
        print(f"ray x2 / ray x1: {median[('ray', 1)] / median[('ray', 2)]:.2f}x   "
              f"ray x2 / local x2: {median[('local', 2)] / median[('ray', 2)]:.2f}x   "
              f"Ray overhead per episode (ray x1 - local x1, start-up excluded): {overhead * 1e3:.1f} ms")
    print(f"\none episode worker's start-up alone (env, sandbox, LLM): {started:.2f} s; "
          f"an empty call to it and back: {trip * 1e3:.1f} ms (median of 30)")
    return 0


def _measure(cassette: Path, folder: Path, args, command: str):
    times: dict[tuple[str, int], list[float]] = {c: [] for c in CONFIGS}
    startups: dict[tuple[str, int], list[float]] = {c: [] for c in CONFIGS}
    episodes = 0
    for rep in range(args.repeats):
        for executor, workers in CONFIGS:
            seconds, startup, episodes = replay(cassette, folder / f"{command}-{executor}-{workers}-{rep}",
                                                args.test_per_type, command, executor, workers)
            times[(executor, workers)].append(seconds)
            startups[(executor, workers)].append(startup)
    return (episodes, {c: statistics.median(v) for c, v in times.items()},
            {c: statistics.median(v) for c, v in startups.items()})


def _worker_start_s(cassette: Path) -> tuple[float, float]:
    """Seconds from asking for one episode worker to its first answer (env, sandbox, LLM made),
    and the median round trip of an empty call to it."""
    import ray

    from learnact_engine.learners.context import Settings
    from learnact_engine.learners.ray_executor import llm_config
    from learnact_engine.learners.ray_workers import EpisodeWorker
    from learnact_engine.learners.run import ENV_STEP_CAP, SANDBOX_LIMITS

    config = {"settings": Settings.for_domain("robotic_planning"), "env_kwargs": {"max_steps": ENV_STEP_CAP},
              "env_factory": None, "sandbox": "restricted", "limits": SANDBOX_LIMITS,
              "llm": llm_config(f"replay:{cassette / 'llm-cache'}", None)}
    start = time.perf_counter()
    worker = EpisodeWorker.options(num_cpus=1).remote(config)
    ray.get(worker.where.remote())
    seconds = time.perf_counter() - start
    trips = []
    for _ in range(30):  # an empty call to the worker and back: the floor of a Ray episode's dispatch
        begin = time.perf_counter()
        ray.get(worker.where.remote())
        trips.append(time.perf_counter() - begin)
    ray.get(worker.close.remote())
    ray.kill(worker)
    return seconds, statistics.median(trips)


if __name__ == "__main__":
    sys.exit(main())
