"""The 60 AgentBoard problems: splits as the reference, and every one solved through the env."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv

pytestmark = pytest.mark.shared_data


def _replay_expert(data_dir: str, task: str) -> tuple[str, bool, str, int]:
    env = RoboticPlanningEnv(data_dir, max_steps=1000)
    plan = env.expert_plan(task)
    env.reset(task)
    observation = ""
    for command in plan:
        observation, _done, info = env.step(command)
        if not info["action_is_valid"]:
            return task, False, f"{command!r}: {observation}", len(plan)
    return task, env.won, observation, len(plan)


@pytest.fixture(scope="module")
def data_dir(shared_data: Path) -> Path:
    return shared_data / "robotic_planning"


def test_reference_splits(data_dir):
    env = RoboticPlanningEnv(data_dir)
    assert env.splits() == {"train": 12, "test": 48, "all": 60}
    assert env.tasks("train") == [
        "blockworld/problem4", "blockworld/problem6", "blockworld/problem8",
        "gripper/prob08", "gripper/prob10", "gripper/prob15",
        "tyreworld/p09", "tyreworld/p05", "tyreworld/p01",
        "barman/p09", "barman/p08", "barman/p14",
    ]
    blocks = [t for t in env.tasks("all") if t.startswith("blockworld/")]
    assert blocks[:3] == ["blockworld/problem1", "blockworld/problem10", "blockworld/problem2"]
    assert env.task_type("barman/p03") == "barman"


def test_every_agentboard_problem_is_solved_by_an_expert_plan(data_dir):
    env = RoboticPlanningEnv(data_dir)
    tasks = env.tasks("all")
    assert len(tasks) == 60
    workers = max(1, min(4, os.cpu_count() or 1))
    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_replay_expert, [str(data_dir)] * len(tasks), tasks))
    failures = [(task, detail) for task, won, detail, _n in results if not won]
    assert not failures
    assert all(detail.endswith("The goal is satisfied.") for _t, _w, detail, _n in results)
