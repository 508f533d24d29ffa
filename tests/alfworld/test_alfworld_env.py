"""ALFWorldEnv on real games: fidelity to raw TextWorld, reset, invalid commands, both grammars, experts."""

from __future__ import annotations

import json

import pytest

pytestmark = [pytest.mark.alfworld, pytest.mark.shared_data]

CLEAN_TASK = "valid_unseen/pick_clean_then_place_in_recep-Bowl-None-Cabinet-10/trial_T20190909_061130_844814"


def _first(env, type_prefix: str) -> str:
    return next(t for t in env.tasks() if t.split("/")[1].startswith(type_prefix))


def test_matches_raw_textworld(alfworld_env):
    """Same intro, feedback, admissible commands and `won` as PddlEnv + AlfredDemangler, step by step."""
    import textworld
    from alfworld.agents.environment.alfred_tw_env import AlfredDemangler
    from textworld.envs.pddl import PddlEnv

    from learnact_engine.envs.alfworld.engine import Session

    session = Session()
    for task_id in (CLEAN_TASK, _first(alfworld_env, "pick_two")):
        path = alfworld_env.taskset.game_path(task_id)
        raw = AlfredDemangler(PddlEnv(textworld.EnvInfos(won=True, admissible_commands=True)))
        raw.load(str(path))
        state = raw.reset()
        session.start(path)
        assert session.start(path) == state.feedback  # a second (cached) reset gives the same start
        assert session.admissible_commands == state["admissible_commands"]
        for command in json.loads(path.read_text())["walkthrough"] + ["take moon from sky"]:
            state, _score, _done = raw.step(command)
            assert session.step(command) == state.feedback
            assert session.admissible_commands == state["admissible_commands"]
            assert session.won == state["won"]
    session.close()


def test_reset_step_and_invalid(alfworld_env):
    goal, observation = alfworld_env.reset(CLEAN_TASK)
    assert goal == "clean some bowl and put it in cabinet."
    assert observation.startswith("You are in the middle of a room.") and "Your task" not in observation
    assert alfworld_env.task_type(CLEAN_TASK) == "pick_clean_then_place_in_recep"
    obs, done, info = alfworld_env.step("fly to the moon")
    assert obs.startswith("The action is not valid") and not done and info["valid"] is False
    assert alfworld_env.call_primitive("goto", ("countertop 3",)).startswith("You arrive at countertop 3.")
    assert "bowl 1" in alfworld_env.call_primitive("take", ("bowl 1", "countertop 3"))
    assert alfworld_env.call_primitive("put", ("bowl 1", "countertop 3")).startswith("You move the bowl 1")
    with pytest.raises(TypeError):
        alfworld_env.call_primitive("take", ("bowl 1",))
    alfworld_env.reset(CLEAN_TASK)  # a fresh start: the bowl is back, nothing held
    assert "not carrying" in alfworld_env.call_primitive("inventory", ())
    for command in alfworld_env.expert_plan(CLEAN_TASK):
        _obs, done, _info = alfworld_env.step(command)
    assert done and alfworld_env.won


def test_bad_inputs(alfworld_games):
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    env = ALFWorldEnv(data_dir=alfworld_games)
    with pytest.raises(RuntimeError, match="before reset"):
        env.step("look")
    with pytest.raises(KeyError):
        env.reset("valid_unseen/no-such/trial")
    with pytest.raises(ValueError, match="unknown ALFWorld split"):
        ALFWorldEnv(data_dir=alfworld_games, split="test")
    with pytest.raises(ValueError, match="unknown expert"):
        env.expert_plan(CLEAN_TASK, expert="oracle")
    env.close()


def test_older_put_grammar(alfworld_games, tmp_path):
    """A 2.1.1-style file (`put X in/on Y`): detected, `put` maps to it, and both experts still win."""
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    source = alfworld_games / "valid_unseen" / CLEAN_TASK.split("/")[1] / CLEAN_TASK.split("/")[2] / "game.tw-pddl"
    data = json.loads(source.read_text())
    data["grammar"] = data["grammar"].replace('template :: "move {o} to {r}";', 'template :: "put {o} in/on {r}";')
    data.pop("walkthrough")
    target = tmp_path / "valid_unseen" / CLEAN_TASK.split("/")[1] / "trial_old" / "game.tw-pddl"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(data))
    env = ALFWorldEnv(data_dir=tmp_path)
    task_id = env.tasks()[0]
    env.reset(task_id)
    assert {p.name: p for p in env.primitives()}["put"].template == "put {obj} in/on {recep}"
    for expert in ("walkthrough", "handcoded"):  # no walkthrough in the file: the planner stands in
        plan = env.expert_plan(task_id, expert=expert)
        assert any(c.startswith("put ") and " in/on " in c for c in plan)
        env.reset(task_id)
        for command in plan:
            env.step(command)
        assert env.won, expert
    env.close()


def test_handcoded_expert_bug_is_fixed(alfworld_env):
    """The shipped expert loops on pick_two with `move` commands; the fixed one wins."""
    task_id = _first(alfworld_env, "pick_two")
    plan = alfworld_env.expert_plan(task_id, expert="handcoded")
    alfworld_env.reset(task_id)
    for command in plan:
        alfworld_env.step(command)
    assert alfworld_env.won


def test_alfworld_data_env_var(alfworld_games, monkeypatch):
    """ALFWorld's own convention: $ALFWORLD_DATA holds json_2.1.1/<split>/..."""
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    monkeypatch.setenv("ALFWORLD_DATA", str(alfworld_games.parent))
    env = ALFWorldEnv()
    assert env.splits() == {"valid_unseen": 134, "valid_seen": 140}
    assert env.split == "valid_unseen" and env.tasks()[0].startswith("valid_unseen/")
