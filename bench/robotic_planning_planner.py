"""Benchmark: our planner (lazy GBF + preferred operators, pyperplan hFF) against pyperplan's
own greedy best-first search on the same grounded tasks, per game, in one run.

Usage: python bench/robotic_planning_planner.py [DATA_DIR] [--budget-s 10]
(DATA_DIR defaults to $LEARNACT_SHARED_DATA/robotic_planning, else the built-in generated instances.)
pyperplan's search has no time limit; a SIGALRM budget per problem marks it as timed out.
"""

from __future__ import annotations

import argparse
import os
import signal
import time

from pyperplan.heuristics.relaxation import hFFHeuristic
from pyperplan.search import greedy_best_first_search

from learnact_engine.envs.robotic_planning import planner
from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv


class _Timeout(Exception):
    pass


def _baseline(model, budget_s: int) -> float | None:
    captured = {}
    original = planner.lazy_greedy_search
    planner.lazy_greedy_search = lambda task, **kw: captured.setdefault("task", task) and None
    try:
        planner.plan(model)
    except planner.NoPlanError:
        pass
    finally:
        planner.lazy_greedy_search = original
    task = captured["task"]
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(_Timeout()))
    signal.alarm(budget_s)
    start = time.perf_counter()
    try:
        greedy_best_first_search(task, hFFHeuristic(task))
        return time.perf_counter() - start
    except _Timeout:
        return None
    finally:
        signal.alarm(0)


def main() -> None:
    parser = argparse.ArgumentParser()
    shared = os.environ.get("LEARNACT_SHARED_DATA")
    parser.add_argument("data_dir", nargs="?", default=os.path.join(shared, "robotic_planning") if shared else None)
    parser.add_argument("--budget-s", type=int, default=10)
    args = parser.parse_args()
    print(f"tasks from {args.data_dir or 'the built-in generators'}; pyperplan budget {args.budget_s} s per problem")
    env = RoboticPlanningEnv(args.data_dir)
    totals: dict[str, list[float]] = {}
    for task in env.tasks("all"):
        model = env.model(task)
        start = time.perf_counter()
        steps = len(planner.plan(model))
        ours = time.perf_counter() - start
        base = _baseline(model, args.budget_s)
        game = env.task_type(task)
        row = totals.setdefault(game, [0.0, 0.0, 0])
        row[0] += ours
        row[1] += base if base is not None else args.budget_s
        row[2] += base is None
        shown = "timeout" if base is None else f"{base:.2f}s"
        print(f"{task:22s} plan {steps:3d} steps  ours {ours:6.2f}s  pyperplan-gbf {shown}")
    for game, (ours, base, timeouts) in totals.items():
        print(f"{game:10s} ours {ours:6.2f}s  baseline >= {base:7.2f}s  ({timeouts} timeouts)  "
              f"speed-up >= {base / ours:.1f}x")


if __name__ == "__main__":
    main()
