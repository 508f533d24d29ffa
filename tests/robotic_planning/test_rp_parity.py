"""Regression tests for the last differences from AgentBoard's / LearnAct's PDDL env (issue 12).

Expected texts are the original's behaviour: pddlgym's action space drops every grounding that
repeats an object; `nltk.word_tokenize` (NLTK 3.8) decides which formatted commands parse;
LearnAct's template closes barman's used-shaker fact with a full stop; lists are sorted (ours,
documented: the original's set order changes with the hash seed).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from learnact_engine.envs.robotic_planning.command_parser import tokenize
from learnact_engine.envs.robotic_planning.env import (
    ERROR_NOT_AN_ACTION,
    ERROR_PRECONDITION,
    MAX_COMMAND_CHARS,
    RoboticPlanningEnv,
)
from learnact_engine.envs.robotic_planning.rendering import state_text
from learnact_engine.envs.robotic_planning.task_sets import builtin_domain_text

# b2 is on b1, b3 on the table; "unstack b2 from b1" is the one way to take b2.
UNSTACKED = "B1 is on the table. B3 is on the table. The b1 is clear. The b3 is clear. You are holding b2. "

# The barman shaker held in the left hand has been poured down to its empty level l0: the only
# empty-shaker grounding that applies repeats l0, which pddlgym's action space never holds.
BARMAN_POURED_OUT = """(define (problem poured) (:domain barman)
 (:objects shaker1 - shaker left right - hand shot1 - shot ingredient1 ingredient2 - ingredient
           cocktail1 - cocktail dispenser1 dispenser2 - dispenser l0 l1 l2 - level)
 (:init (holding left shaker1) (handempty right) (ontable shot1) (clean shot1) (empty shot1)
        (contains shaker1 cocktail1) (shaked shaker1) (shaker-level shaker1 {level})
        (shaker-empty-level shaker1 l0) (next l0 l1) (next l1 l2)
        (dispenses dispenser1 ingredient1) (dispenses dispenser2 ingredient2)
        (cocktail-part1 cocktail1 ingredient1) (cocktail-part2 cocktail1 ingredient2))
 (:goal (and (contains shot1 cocktail1))))"""


def _blocks(tiny_data: Path) -> RoboticPlanningEnv:
    env = RoboticPlanningEnv(tiny_data, game="blockworld")
    env.reset(env.tasks("test")[0])
    return env


def _barman(tmp_path: Path, level: str) -> RoboticPlanningEnv:
    (tmp_path / "barman.pddl").write_text(builtin_domain_text("barman"))
    (tmp_path / "barman").mkdir(exist_ok=True)
    (tmp_path / "barman" / "poured.pddl").write_text(BARMAN_POURED_OUT.format(level=level))
    env = RoboticPlanningEnv(tmp_path, game="barman")
    env.reset(env.tasks("test")[0])
    return env


# ---- 3. tokenisation ----------------------------------------------------------------------
ACCEPTED = [
    "**Unstack b2 from b1**",
    "<action>unstack b2 from b1</action>",
    "Unstack \u201cb2\u201d from \u2018b1\u2019",
    "unstack #b2 from @b1",
    "unstack $b2 %b1",
    "unstack &b2 from b1&",
    "unstack--b2--b1",
    "Action: Unstack b2 from b1.",
]
REJECTED = [
    "unstack('b2', 'b1')",  # an opening apostrophe stays on its word: 'b2 names no object
    "unstack 'b2 from b1",
    "unstack .b2 from b1",  # a leading period is not split off
]


@pytest.mark.parametrize("command", ACCEPTED)
def test_formatted_commands_the_original_accepts(tiny_data, command):
    env = _blocks(tiny_data)
    observation, _done, info = env.step(command)
    assert (observation, info["action_is_valid"], info["action"]) == (UNSTACKED, True, "unstack b2 b1")


@pytest.mark.parametrize("command", REJECTED)
def test_formatted_commands_the_original_rejects(tiny_data, command):
    env = _blocks(tiny_data)
    state = env.state
    observation, _done, info = env.step(command)
    assert (observation, info["action_is_valid"]) == (ERROR_NOT_AN_ACTION, False)
    assert env.state == state and env.steps == 1


def test_tokens_follow_nltk_word_tokenize():
    assert tokenize("**stack b1 on b2**") == ["*", "*", "stack", "b1", "on", "b2", "*", "*"]
    assert tokenize("<action>pickup b1</action>") == ["<", "action", ">", "pickup", "b1", "<", "/action", ">"]
    assert tokenize("\u201cb1\u201d \u2018b2\u2019") == ["\u201c", "b1", "\u201d", "\u2018", "b2", "\u2019"]
    assert tokenize("#b1 @b2 $b3 %b4 &b5 b6--b7") == [
        "#", "b1", "@", "b2", "$", "b3", "%", "b4", "&", "b5", "b6", "--", "b7"]
    assert tokenize("unstack('b2', 'b3')") == ["unstack", "(", "'b2", "'", ",", "'b3", "'", ")"]
    assert tokenize(".b2 b3.b4") == [".b2", "b3.b4"]
    # Punkt splits sentences, so a period ending a sentence splits off, one inside a word does not
    assert tokenize("pickup b1. stack b1 on b2.") == ["pickup", "b1", ".", "stack", "b1", "on", "b2", "."]
    assert tokenize("(pickup b1.) next") == ["(", "pickup", "b1", ".", ")", "next"]
    assert tokenize("a. b1 1. b2") == ["a.", "b1", "1.", "b2"]  # initials and numbers before lower case
    assert tokenize("can't stop b1's b2") == ["ca", "n't", "stop", "b1", "'s", "b2"]


def test_over_long_commands_are_not_parsed(tiny_data):
    env = _blocks(tiny_data)
    observation, _done, info = env.step("unstack b2 from b1" + " " * MAX_COMMAND_CHARS)
    assert observation == ERROR_NOT_AN_ACTION and not info["action_is_valid"]


def test_matches_nltk_when_installed():
    nltk = pytest.importorskip("nltk", reason="the differential check needs nltk 3.8 (not a dependency)")
    if not nltk.__version__.startswith("3.8"):
        pytest.skip(f"nltk {nltk.__version__}: the originals ran 3.8's rules (3.9 changed apostrophes)")
    from nltk.tokenize.destructive import NLTKWordTokenizer
    from nltk.tokenize.punkt import PunktSentenceTokenizer

    sentences, words = PunktSentenceTokenizer(), NLTKWordTokenizer()
    for text in [*ACCEPTED, *REJECTED, "pickup b1. stack b1 on b2.", "x.  y. z", "e.g. b1...", "(a.) b. 'c' \"d\""]:
        text = text.lower()
        assert tokenize(text) == [t for s in sentences.tokenize(text) for t in words.tokenize(s)], text


# ---- 1, 2. repeated-object groundings -----------------------------------------------------
def test_gripper_never_offers_moving_to_the_same_room(tiny_data):
    env = RoboticPlanningEnv(tiny_data, game="gripper")
    env.reset(env.tasks("test")[0])
    observation, _done, _info = env.step("check valid actions")
    assert observation == (
        "Valid actions are: Move from rooma to roomb. , Pick up ball1 at rooma with arm left. , "
        "Pick up ball1 at rooma with arm right. , check valid actions"
    )
    # `move` is live through rooma->roomb, so pddlgym proves move(rooma, rooma): nothing changes
    observation, _done, info = env.step("Move from rooma to rooma")
    assert (observation, info["action_is_valid"]) == (ERROR_PRECONDITION, False)


def test_barman_shaker_poured_to_its_empty_level_cannot_be_emptied(tmp_path):
    env = _barman(tmp_path, "l0")
    valid, _done, _info = env.step("check valid actions")
    assert "empty-shaker" not in valid
    state = env.state
    observation, _done, info = env.step("empty-shaker left shaker1 cocktail1 l0 l0")
    assert (observation, info["action_is_valid"]) == (ERROR_NOT_AN_ACTION, False)
    assert env.state == state


def test_barman_shaker_above_its_empty_level_is_emptied(tmp_path):
    env = _barman(tmp_path, "l1")
    valid, _done, _info = env.step("check valid actions")
    assert "use hand left to empty-shaker shaker1 with ingredient cocktail1 from level l1 to level l0." in valid
    _observation, _done, info = env.step("empty-shaker left shaker1 cocktail1 l1 l0")
    assert info["action_is_valid"] and ("empty", "shaker1") in env.state


@pytest.mark.shared_data
def test_no_reference_task_offers_a_repeated_object(shared_data):
    env = RoboticPlanningEnv(shared_data / "robotic_planning")
    for task in env.tasks("all"):
        env.reset(task)
        for action in env.model(task).applicable(env.state):
            assert len(set(action.args)) == len(action.args), (task, action.key)
        if env.task_type(task) == "gripper":
            assert "to rooma to rooma" not in env.valid_actions_text()


# ---- 4, 5. barman text and list order ------------------------------------------------------
def test_used_shaker_fact_is_its_own_sentence():
    state = {("used", "shot1", "ingredient1"), ("shaked", "shaker1")}
    assert state_text(state) == (
        "Pour shot1 from a shot glass to a used shaker ingredient1. Shaker1 is shaked. "
    )


def test_valid_actions_and_look_around_are_sorted(tmp_path):
    env = _barman(tmp_path, "l1")
    valid, _done, _info = env.step("check valid actions")
    items = valid.removeprefix("Valid actions are: ").split(", ")
    assert items[-2:] == ["check valid actions", "look around"]
    assert items[:-2] == sorted(items[:-2])
    look, _done, _info = env.step("look around")
    assert look == state_text(env.state)
