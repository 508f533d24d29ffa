"""Every walkthrough of the 274 real eval games replays to `won` through ALFWorldEnv.

Games are compiled once each and spread over worker processes (one engine session per worker).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

pytestmark = [pytest.mark.alfworld, pytest.mark.shared_data]

EXPECTED_COUNTS = {"valid_unseen": 134, "valid_seen": 140}


def _replay_chunk(data_dir: str, task_ids: list[str]) -> list[tuple[str, bool, int]]:
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    env = ALFWorldEnv(data_dir=data_dir)
    results = []
    for task_id in task_ids:
        env.reset(task_id)
        plan = env.expert_plan(task_id)  # the file's walkthrough
        invalid = 0
        for command in plan:
            _obs, _done, info = env.step(command)
            invalid += not info["valid"]
        results.append((task_id, env.won, invalid))
    env.close()
    return results


@pytest.mark.timeout(1800)  # one test over 274 games: a hang guard sized for a slow, busy runner
def test_all_real_walkthroughs_win(alfworld_games: Path):
    pytest.importorskip("alfworld")
    from learnact_engine.envs.alfworld.taskset import TaskSet

    taskset = TaskSet.from_dir(alfworld_games)
    assert taskset.splits() == EXPECTED_COUNTS
    task_ids = [t for split in EXPECTED_COUNTS for t in taskset.tasks(split)]
    workers = max(1, min(4, os.cpu_count() or 1))
    chunks = [task_ids[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        results = [r for chunk in pool.map(_replay_chunk, [str(alfworld_games)] * workers, chunks) for r in chunk]
    assert len(results) == 274
    failed = [(task_id, invalid) for task_id, won, invalid in results if not won or invalid]
    assert not failed, f"{len(failed)} walkthroughs did not win cleanly: {failed[:5]}"
