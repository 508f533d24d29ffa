"""`envs`, `envs generate`, `replay` for this domain, and the gymnasium registration."""

from __future__ import annotations

import json

import gymnasium
import pytest

import learnact_engine.envs  # noqa: F401  (registers the gym ids)
from learnact_engine.cli import main
from learnact_engine.commands.replay_cmd import primitive_call


def test_envs_lists_robotic_planning_splits(tiny_data, capsys):
    code = main(["envs", "--domain", "robotic_planning", "--data-dir", str(tiny_data), "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0
    assert rows[0]["splits"] == {"train": 0, "test": 2, "all": 2}
    assert rows[0]["types"] == {"blockworld": 1, "gripper": 1}


def test_envs_generate_dispatches_to_the_domain_generator(tmp_path, capsys):
    out = tmp_path / "gen"
    assert main(["envs", "generate", "--domain", "robotic_planning", "--n", "2", "--seed", "1",
                 "--out", str(out), "--types", "gripper"]) == 0
    assert sorted(p.name for p in (out / "gripper").iterdir()) == ["gen01.pddl", "gen02.pddl"]
    assert main(["envs", "generate", "--domain", "robotic_planning", "--n", "1", "--out",
                 str(out), "--types", "chess"]) == 2


def test_replay_mixes_primitive_calls_and_raw_commands(tiny_data, tmp_path, capsys):
    actions = tmp_path / "plan.txt"
    actions.write_text(
        '# solve the tiny tower\nUnstack("b2", "b1")\nputdown b2\nPickup("b1")\n'
        "stack b1 on b3\nPickup('b2')\nStack('b2', 'b1')\n"
    )
    code = main(["replay", "--domain", "robotic_planning", "--task", "blockworld/tiny",
                 "--actions", str(actions), "--data-dir", str(tiny_data), "--json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["won"] and result["progress"] == 1.0
    assert result["steps"][0]["command"] == "unstack b2 from b1"
    assert result["steps"][-1]["observation"].endswith("The goal is satisfied.")


def test_replay_reports_failure_and_bad_lines(tiny_data, tmp_path, capsys):
    actions = tmp_path / "plan.txt"
    actions.write_text("pickup b3\n")
    args = ["replay", "--domain", "robotic_planning", "--task", "blockworld/tiny", "--actions",
            str(actions), "--data-dir", str(tiny_data)]
    assert main(args) == 1
    actions.write_text("Pickup(b3)\n")  # a name, not a literal
    assert main(args) == 2
    assert "is not a literal" in capsys.readouterr().err


def test_primitive_call_parsing():
    assert primitive_call('pick("ball1", "rooma", "left")') == ("pick", ("ball1", "rooma", "left"))
    assert primitive_call("pick up ball1 at rooma") is None
    with pytest.raises(ValueError):
        primitive_call("f(x=1)")


def test_gymnasium_env_steps_a_task(tiny_data):
    env = gymnasium.make("learnact/RoboticPlanning-v0", data_dir=str(tiny_data), split="all")
    observation, info = env.reset(options={"task_id": "gripper/tiny"})
    assert observation.startswith("The goal is to satisfy the following conditions: ball1 is at")
    for command in ("pick ball1 rooma left", "move from rooma to roomb"):
        _obs, reward, terminated, truncated, _info = env.step(command)
        assert (reward, terminated, truncated) == (0.0, False, False)
    _obs, reward, terminated, truncated, info = env.step("drop ball1 roomb left")
    assert (reward, terminated, truncated) == (1.0, True, False) and info["won"]
    assert "learnact/ALFWorld-v0" in gymnasium.registry
