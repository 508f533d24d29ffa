"""Offline generation: every task type yields games the engine solves; a seed fixes the output."""

from __future__ import annotations

import random

import pytest

pytest.importorskip("alfworld", reason="needs the alfworld extra")
pytestmark = pytest.mark.alfworld

from learnact_engine.envs.alfworld.env import ALFWorldEnv  # noqa: E402
from learnact_engine.envs.alfworld.gamefile import TASK_TYPES  # noqa: E402
from learnact_engine.envs.alfworld.generate import _draw_game, generate_games  # noqa: E402


def test_each_type_generates_solvable_games(tmp_path):
    paths = generate_games(tmp_path, n=6, seed=3)
    env = ALFWorldEnv(data_dir=tmp_path)
    assert env.splits() == {"train": 6}
    assert sorted(env.task_type(t) for t in env.tasks()) == sorted(TASK_TYPES)
    for task_id in env.tasks():
        goal, observation = env.reset(task_id)
        assert goal and observation.startswith("You are in the middle of a room.")
        for command in env.expert_plan(task_id):  # the planner's plan, stored as the walkthrough
            env.step(command)
        assert env.won, task_id
    env.close()
    assert all(p.is_file() and (p.parent / "traj_data.json").is_file() for p in paths)


def test_generation_is_deterministic(tmp_path):
    for task_type in TASK_TYPES:
        first = [_draw_game(random.Random(7), task_type, "trial_x") for _ in range(1)]
        second = [_draw_game(random.Random(7), task_type, "trial_x") for _ in range(1)]
        assert first == second
    a = generate_games(tmp_path / "a", n=1, seed=11, types=["examine"])
    b = generate_games(tmp_path / "b", n=1, seed=11, types=["examine"])
    assert a[0].read_bytes() == b[0].read_bytes()
    assert a[0].relative_to(tmp_path / "a") == b[0].relative_to(tmp_path / "b")
    with pytest.raises(FileExistsError):
        generate_games(tmp_path / "a", n=1, seed=11)
    with pytest.raises(ValueError, match="unknown ALFWorld task type"):
        generate_games(tmp_path / "c", n=1, seed=1, types=["juggle"])
