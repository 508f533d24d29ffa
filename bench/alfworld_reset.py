"""Benchmark: seen-game reset of ALFWorldEnv vs raw alfworld/TextWorld resets, in the same run.

Raw baselines: `PddlEnv + AlfredDemangler` `load + reset` (what a textworld.gym / AlfredTWEnv reset
does per episode, ~4 PDDL translations) and `reset` alone on an already-loaded raw env (~2).
Ours: `ALFWorldEnv.reset(task)` on a game it has seen (the compile is timed separately).

    python bench/alfworld_reset.py [--data-dir DIR] [--games 6] [--repeats 5]

Data: --data-dir, else $ALFWORLD_DATA, else $LEARNACT_SHARED_DATA/alfworld/json_2.1.1.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--games", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data_dir = args.data_dir or os.environ.get("ALFWORLD_DATA")
    if not data_dir and os.environ.get("LEARNACT_SHARED_DATA"):
        data_dir = str(Path(os.environ["LEARNACT_SHARED_DATA"]) / "alfworld" / "json_2.1.1")
    if not data_dir:
        parser.error("give --data-dir, $ALFWORLD_DATA or $LEARNACT_SHARED_DATA")

    import textworld
    from alfworld.agents.environment.alfred_tw_env import AlfredDemangler
    from textworld.envs.pddl import PddlEnv

    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    env = ALFWorldEnv(data_dir=data_dir)
    all_tasks = env.tasks()
    step = max(1, len(all_tasks) // args.games)
    tasks = all_tasks[::step][: args.games]  # spread over task types and scenes
    raw_load_reset, raw_reset, ours_compile, ours_reset = [], [], [], []
    for task_id in tasks:
        path = str(env.taskset.game_path(task_id))
        raw = AlfredDemangler(PddlEnv(textworld.EnvInfos(won=True, admissible_commands=True)))
        raw_load_reset.append(_timed(lambda: (raw.load(path), raw.reset())))
        raw_reset.append(statistics.median(_timed(raw.reset) for _ in range(2)))
        ours_compile.append(_timed(lambda: env.reset(task_id)))
        ours_reset.append(statistics.median(_timed(lambda: env.reset(task_id)) for _ in range(args.repeats)))
    env.close()

    med = statistics.median
    print(f"games: {len(tasks)} from {data_dir}")
    print(f"raw alfworld load+reset (gym reset): median {med(raw_load_reset) * 1000:8.1f} ms")
    print(f"raw alfworld reset (loaded env):     median {med(raw_reset) * 1000:8.1f} ms")
    print(f"ALFWorldEnv first reset (compile):   median {med(ours_compile) * 1000:8.1f} ms")
    print(f"ALFWorldEnv seen-game reset:         median {med(ours_reset) * 1000:8.1f} ms  max {max(ours_reset) * 1000:.1f} ms")
    print(f"ratio seen reset / raw load+reset:   {med(ours_reset) / med(raw_load_reset):.4f}")
    print(f"ratio seen reset / raw reset:        {med(ours_reset) / med(raw_reset):.4f}")
    target = 0.1
    print(f"target <= {target:.2f} s per seen-game reset: {'met' if max(ours_reset) <= target else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
