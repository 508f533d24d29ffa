"""Built-in generated instances: deterministic by seed, solvable, goals not already true."""

from __future__ import annotations

import pytest

from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv
from learnact_engine.envs.robotic_planning.generate import generate
from learnact_engine.envs.robotic_planning.task_sets import BUILTIN_COUNTS, GAMES


def test_same_seed_same_tasks_other_seed_other_tasks():
    a, b, c = RoboticPlanningEnv(seed=1), RoboticPlanningEnv(seed=1), RoboticPlanningEnv(seed=2)
    task = "barman/gen05"
    assert a.reset(task) == b.reset(task)
    assert a.reset(task) != c.reset(task)


def test_builtin_splits_follow_reference_counts():
    env = RoboticPlanningEnv()
    assert env.splits() == {"train": 12, "test": 48, "all": 60}
    assert env.tasks("train")[:3] == ["blockworld/gen05", "blockworld/gen07", "blockworld/gen09"]


@pytest.mark.parametrize("game", GAMES)
@pytest.mark.parametrize("position", ["first", "last"])
def test_generated_instances_are_solved_by_the_planner(game, position):
    env = RoboticPlanningEnv(game=game, max_steps=500)
    task = env.tasks("all")[0 if position == "first" else BUILTIN_COUNTS[game] - 1]
    env.reset(task)
    assert not env.won and env.problem.goal and not set(env.problem.goal) <= env.state
    observation = ""
    for command in env.expert_plan(task):
        observation, _done, info = env.step(command)
        assert info["action_is_valid"], (command, observation)
    assert env.won and observation.endswith("The goal is satisfied.")


def test_generate_writes_a_readable_data_directory(tmp_path):
    files = generate(tmp_path, 3, 7, ["tyreworld"])
    assert len(files) == 4
    env = RoboticPlanningEnv(tmp_path)
    assert env.tasks("all") == ["tyreworld/gen01", "tyreworld/gen02", "tyreworld/gen03"]
    with pytest.raises(ValueError, match="unknown game"):
        generate(tmp_path, 1, 0, ["chess"])
