"""`envs` offline and on ALFWorld-layout folders, both gymnasium ids with no arguments and on data
folders (gymnasium's own check_env), and `replay` with no hidden step cap and its end reasons."""

from __future__ import annotations

import json

import gymnasium
import pytest
from gymnasium.utils.env_checker import check_env

import learnact_engine.envs  # noqa: F401  (registers the gym ids)
from learnact_engine.cli import main
from learnact_engine.envs.registry import make_env


def _check(env_id: str, **kwargs) -> gymnasium.Env:
    env = gymnasium.make(env_id, **kwargs)
    try:
        check_env(env.unwrapped, skip_render_check=True)
        observation, info = env.reset(seed=3)
        assert isinstance(observation, str) and observation and info["task_id"]
        return env.unwrapped
    finally:
        env.close()


def test_robotic_planning_gym_with_no_arguments():
    unwrapped = _check("learnact/RoboticPlanning-v0")
    assert unwrapped.split == "test"


@pytest.mark.alfworld
@pytest.mark.shared_data
def test_alfworld_gym_on_any_alfworld_folder(shared_data):
    root = shared_data / "alfworld"
    for data_dir, split in ((root, "valid_unseen"), (root / "json_2.1.1", "valid_unseen"),
                            (root / "json_2.1.1" / "valid_seen", "valid_seen")):
        assert _check("learnact/ALFWorld-v0", data_dir=str(data_dir)).split == split
    assert _check("learnact/ALFWorld-v0", data_dir=str(root), split="valid_seen").split == "valid_seen"
    with pytest.raises(ValueError, match="unknown alfworld split 'test'"):
        gymnasium.make("learnact/ALFWorld-v0", data_dir=str(root), split="test")


@pytest.mark.alfworld
@pytest.mark.slow
def test_alfworld_gym_with_no_arguments(monkeypatch):
    monkeypatch.delenv("ALFWORLD_DATA", raising=False)
    assert _check("learnact/ALFWorld-v0").split == "train"  # the offline generated set


@pytest.mark.alfworld
@pytest.mark.shared_data
def test_envs_lists_an_alfworld_folder_with_alfworld_split_names(shared_data, capsys):
    folder = shared_data / "alfworld"
    assert main(["envs", "--domain", "alfworld", "--data-dir", str(folder), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["available"] and list(row["splits"]) == ["valid_unseen", "valid_seen"]
    assert all(count > 0 for count in row["splits"].values())
    assert sum(row["types"].values()) == sum(row["splits"].values())
    assert "out-of-distribution" in row["split_meanings"]["valid_unseen"]
    assert "in-distribution" in row["split_meanings"]["valid_seen"]
    assert row["default_split"] == "valid_unseen" and "envs generate" in row["more"]
    env = make_env("alfworld", data_dir=str(folder))
    try:
        assert len(env.tasks("all")) == sum(row["splits"].values())
    finally:
        env.close()


def _replay(tmp_path, capsys, lines: list[str], *extra: str) -> tuple[int, dict]:
    env = make_env("robotic_planning")
    task = env.tasks("test")[0]
    plan = env.expert_plan(task)
    env.close()
    path = tmp_path / "plan.txt"
    path.write_text("\n".join(line.replace("{plan}", "\n".join(plan)) for line in lines) + "\n")
    code = main(["replay", "--domain", "robotic_planning", "--task", task, "--actions", str(path), "--json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_replay_has_no_step_cap_unless_asked(tmp_path, capsys):
    long_plan = ["check valid actions"] * 35 + ["{plan}"]  # longer than the agent's 30-step cap
    code, result = _replay(tmp_path, capsys, long_plan)
    assert code == 0 and result["won"] and result["end_reason"] == "won" and len(result["steps"]) > 30
    code, result = _replay(tmp_path, capsys, long_plan, "--max-steps", "30")
    assert code == 1 and result["end_reason"] == "cap" and len(result["steps"]) == 30
    assert result["unplayed_lines"] > 0


def test_replay_end_reasons(tmp_path, capsys):
    code, result = _replay(tmp_path, capsys, ["check valid actions"])
    assert code == 1 and result["end_reason"] == "end of actions"
    code, result = _replay(tmp_path, capsys, ["fly to the moon", "{plan}"])
    assert code == 1 and result["end_reason"] == "invalid" and len(result["steps"]) == 1
    code, result = _replay(tmp_path, capsys, ["fly to the moon", "{plan}"], "--keep-going")
    assert code == 0 and result["end_reason"] == "won"
    assert main(["replay", "--domain", "robotic_planning", "--task", "blockworld/gen01", "--actions",
                 str(tmp_path / "plan.txt"), "--max-steps", "0"]) == 2


@pytest.mark.alfworld
def test_envs_and_gym_on_a_freshly_generated_folder(tmp_path, capsys):
    out = tmp_path / "games"
    assert main(["envs", "generate", "--domain", "alfworld", "--n", "1", "--types", "pick_and_place_simple",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["envs", "--domain", "alfworld", "--data-dir", str(out), "--json"]) == 0
    row = json.loads(capsys.readouterr().out)[0]
    assert row["splits"] == {"train": 1} and row["types"] == {"pick_and_place_simple": 1}
    assert _check("learnact/ALFWorld-v0", data_dir=str(out)).split == "train"


@pytest.mark.shared_data
def test_robotic_planning_gym_on_agentboards_folder(shared_data):
    unwrapped = _check("learnact/RoboticPlanning-v0", data_dir=str(shared_data / "robotic_planning"))
    assert unwrapped.split == "test" and unwrapped.text_env.tasks("test")
