"""ALFWorld parity with the reference (issue 12): the won-game freeze of alfworld's gym layer, on
every path, and the reference wrapper's rules per preset (look, trailing period, toggle)."""

from __future__ import annotations

import gymnasium
import pytest

import learnact_engine.envs  # noqa: F401  (registers the gym ids)
from learnact_engine.actions.library import ActionLibrary
from learnact_engine.envs.alfworld.primitives import INVALID_ACTION_MESSAGE
from learnact_engine.executor import Executor
from learnact_engine.sandbox import Limits, open_sandbox

pytestmark = [pytest.mark.alfworld, pytest.mark.shared_data]

TASK = "valid_unseen/pick_clean_then_place_in_recep-Bowl-None-Cabinet-10/trial_T20190909_061130_844814"
WIN = ["go to countertop 3", "take bowl 1 from countertop 3", "go to sinkbasin 1", "clean bowl 1 with sinkbasin 1",
       "go to cabinet 4", "move bowl 1 to cabinet 4"]
WON_TEXT = "You move the bowl 1 to the cabinet 4."
UNDO = "take bowl 1 from cabinet 4"  # would un-win the game if it were applied


@pytest.fixture
def make_env(alfworld_games):
    pytest.importorskip("alfworld", reason="needs the alfworld extra: pip install -e '.[alfworld]'")
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    made = []

    def make(preset: str = "clean"):
        env = ALFWorldEnv(data_dir=alfworld_games, split="valid_unseen", preset=preset)
        made.append(env)
        env.reset(TASK)
        return env

    yield make
    for env in made:
        env.close()


def test_a_won_game_stays_won(make_env):
    env = make_env()
    for command in WIN:
        observation, done, info = env.step(command)
    assert (observation, done, info["frozen"]) == (WON_TEXT, True, False)
    admissible = env.admissible_commands
    for command in (UNDO, "go to countertop 1", "inventory", "fly to the moon"):
        observation, done, info = env.step(command)
        assert (observation, done, env.won, info["won"], info["frozen"]) == (WON_TEXT, True, True, True, True)
    assert env.admissible_commands == admissible and info["steps"] == len(WIN) + 4
    env.reset(TASK)  # a new episode starts unfrozen
    assert not env.won and env.step(UNDO)[0] == INVALID_ACTION_MESSAGE


def test_a_learned_call_that_wins_then_undoes_is_a_win(make_env):
    env = make_env()
    calls = ['goto("countertop 3")', 'take("bowl 1", "countertop 3")', 'goto("sinkbasin 1")',
             'clean("bowl 1", "sinkbasin 1")', 'goto("cabinet 4")', 'put("bowl 1", "cabinet 4")',
             'take("bowl 1", "cabinet 4")', 'goto("countertop 1")']
    source = "def place_clean_bowl():\n" + "".join(f"    {c}\n" for c in calls)
    library = ActionLibrary.from_source(source, [p.name for p in env.primitives()])
    with open_sandbox("restricted", Limits(wall_seconds=20), pool_size=0) as sandbox:
        executor = Executor(env, sandbox, library, mode="concat")
        executor.start("")
        try:
            outcome = executor.execute("place_clean_bowl()")
        finally:
            executor.close()
    assert outcome.status == "ok" and outcome.done and env.won
    assert [o for _c, o in outcome.sub_trajectory[-3:]] == [WON_TEXT] * 3


def test_the_gym_id_keeps_a_won_game_won(alfworld_games):
    pytest.importorskip("alfworld", reason="needs the alfworld extra")
    env = gymnasium.make("learnact/ALFWorld-v0", data_dir=str(alfworld_games), split="valid_unseen")
    try:
        env.reset(options={"task_id": TASK})
        for command in WIN:
            observation, reward, terminated, _truncated, _info = env.step(command)
        observation, reward, terminated, truncated, info = env.step(UNDO)
        assert (observation, reward, terminated, truncated, info["won"]) == (WON_TEXT, 1.0, True, False, True)
    finally:
        env.close()


def test_trailing_period_is_stripped_in_both_presets(make_env):
    for preset in ("clean", "paper"):
        observation, _done, info = make_env(preset).step("go to countertop 3.")
        assert observation.startswith("You arrive at countertop 3.") and info["valid"]


def test_paper_look_repeats_the_last_go_to_or_open(make_env):
    env = make_env("paper")
    _goal, start = env.reset(TASK)
    assert env.step("look")[0] == start  # before any go to: the room's intro
    arrived = env.step("go to countertop 3")[0]
    env.step("take bowl 1 from countertop 3")
    env.step("go to countertop 2.3")  # not admissible: the remembered text stays
    assert env.step("look")[0] == arrived  # stale: the bowl is still listed, as in the reference
    assert "bowl 1" in arrived


def test_clean_look_is_the_games_own(make_env):
    env = make_env("clean")
    env.step("go to countertop 3")
    assert env.step("look")[0] == "You are facing the countertop 3. Next to it, you see nothing."


def test_toggle_per_preset(make_env):
    by_preset = {p: {q.name: q.template for q in make_env(p).primitives()} for p in ("clean", "paper")}
    assert by_preset["clean"]["toggle"] == "use {obj}"
    assert by_preset["paper"]["toggle"] == "toggle {obj}"  # the reference's command: never admissible
    assert by_preset["paper"]["put"] == by_preset["clean"]["put"] == "move {obj} to {recep}"


def test_replay_takes_the_preset(alfworld_games, tmp_path, capsys):
    import json

    from learnact_engine.cli import main

    actions = tmp_path / "look.txt"
    actions.write_text("go to countertop 3\ntake bowl 1 from countertop 3\nlook.\n")
    looks = {}
    for preset in ("clean", "paper"):
        main(["replay", "--domain", "alfworld", "--task", TASK, "--actions", str(actions), "--data-dir",
              str(alfworld_games), "--preset", preset, "--json"])
        steps = json.loads(capsys.readouterr().out)["steps"]
        looks[preset] = steps[2]["observation"]
        assert steps[2]["command"] == "look."
    assert looks["paper"].startswith("You arrive at countertop 3.") and "bowl 1" in looks["paper"]
    assert looks["clean"] == "You are facing the countertop 3. Next to it, you see nothing."
