"""Observation, goal and error text as AgentBoard's pddl_env.py produces it."""

from __future__ import annotations

import pytest

from learnact_engine.envs.robotic_planning.env import (
    ERROR_NOT_AN_ACTION,
    ERROR_PRECONDITION,
    RoboticPlanningEnv,
)
from learnact_engine.envs.robotic_planning.rendering import literal_text, state_text


def test_literal_templates_resolve_duplicate_keys_to_the_last_entry():
    assert literal_text(("clear", "b1")) == "The b1 is clear."
    assert literal_text(("holding", "right", "shot1")) == "You are holding right. "
    assert literal_text(("free", "the-hub1")) == "the-hub1 is free. "
    assert literal_text(("move", "rooma", "roomb")) == "Move from rooma to roomb. "
    assert literal_text(("used", "shot1", "ingredient3")) == (
        "Pour shot1 from a shot glass to a used shaker ingredient3."  # LearnAct's env closes the sentence
    )


def test_predicates_without_template_print_generically():
    assert literal_text(("handempty", "left")) == "handempty left"
    assert literal_text(("room", "rooma")) == "room rooma"
    assert literal_text(("on", "x")) == "on x"  # a template of higher arity is not used


def test_state_text_capitalises_lowers_rest_and_sorts_case_sensitively():
    state = {("on", "B1", "b2"), ("arm-empty",), ("handempty", "Left")}
    assert state_text(state) == "B1 is on b2. Handempty left Your arm is empty."


def test_blocks_reset_goal_and_observation(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    goal, observation = env.reset("blockworld/tiny")
    assert goal == "The goal is to satisfy the following conditions: b1 is on b3., b2 is on b1."
    assert observation == (
        "B1 is on the table. B2 is on b1. B3 is on the table. The b2 is clear. "
        "The b3 is clear. Your arm is empty."
    )


def test_valid_step_shows_full_state_and_goal_satisfied(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    env.reset("blockworld/tiny")
    observation, done, info = env.step("Unstack b2 from b1")
    assert observation == (
        "B1 is on the table. B3 is on the table. The b1 is clear. The b3 is clear. "
        "You are holding b2. "
    )
    assert not done and info["action_is_valid"] and env.progress == 0.0
    for command in ("Putdown b2", "Pickup b1", "Stack b1 on b3", "pickup b2"):
        env.step(command)
    observation, done, info = env.step("stack b2 on b1")
    assert observation.endswith("Your arm is empty. The goal is satisfied.")
    assert done and env.won and env.progress == 1.0 and info["steps"] == 6


def test_error_a_when_no_operator_has_an_applicable_grounding(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    env.reset("blockworld/tiny")
    # putdown has no applicable grounding with an empty arm: the word is not an action now
    assert env.step("putdown b2")[0] == ERROR_NOT_AN_ACTION
    assert env.step("fly to the moon")[0] == ERROR_NOT_AN_ACTION
    assert env.step("unstack b2")[0] == ERROR_NOT_AN_ACTION  # too few objects
    assert env.steps == 3 and env.progress == 0.0


def test_error_b_when_preconditions_fail_and_state_is_kept(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    _goal, initial = env.reset("blockworld/tiny")
    observation, done, info = env.step("unstack b3 from b1")  # b3 is not on b1
    assert observation == ERROR_PRECONDITION
    assert not info["action_is_valid"] and not done and info["steps"] == 1
    assert env.step("look around")[0] == initial


def test_unchanged_state_counts_as_error_b(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    env.reset("gripper/tiny")
    assert env.step("move from rooma to rooma")[0] == ERROR_PRECONDITION


def test_progress_is_best_share_of_goal_literals_after_valid_steps(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    env.reset("blockworld/tiny")
    # b2 is on b1 at the start, but the reference starts progress at 0 and only updates it
    # after a valid action
    assert env.progress == 0.0
    env.step("unstack b2 from b1")
    assert env.progress == 0.0
    env.step("stack b2 on b1")
    assert env.progress == 0.5
    env.step("unstack b2 from b1")
    assert env.progress == 0.5  # a maximum, never lowered


def test_step_cap_ends_the_episode(tiny_data):
    env = RoboticPlanningEnv(tiny_data, max_steps=2)
    env.reset("blockworld/tiny")
    assert env.step("nonsense")[1] is False
    assert env.step("nonsense")[1] is True


def test_check_valid_actions_lists_action_texts(tiny_data):
    env = RoboticPlanningEnv(tiny_data)
    env.reset("blockworld/tiny")
    assert env.step("check valid actions")[0] == (
        "Valid actions are: Pickup b3., Unstack b2 from b1., check valid actions"
    )


def test_step_before_reset_is_a_clear_error(tiny_data):
    with pytest.raises(RuntimeError, match="reset"):
        RoboticPlanningEnv(tiny_data).step("pickup b1")


@pytest.mark.shared_data
def test_agentboard_texts(shared_data):
    env = RoboticPlanningEnv(shared_data / "robotic_planning")
    goal, observation = env.reset("tyreworld/p01")
    # case-sensitive sort: capitalised templates come first in the goal
    assert goal == (
        "The goal is to satisfy the following conditions: Wheel r1 is inflated., "
        "r1 is on the-hub1., w1 is in boot."
    )
    assert observation == (
        "Boot is closed. Boot is unlocked. Hub the-hub1 is fastened. Hub the-hub1 is on the "
        "ground. Jack is in boot. Pump is in boot. R1 is in boot. The nut nuts1 on the hub "
        "the-hub1 is tight. W1 is on the-hub1. Wheel r1 is intact. Wheel r1 is not inflated. "
        "Wrench is in boot."
    )
    goal, observation = env.reset("barman/p01")
    assert goal == (
        "The goal is to satisfy the following conditions: shot1 contains cocktail1. , "
        "shot2 contains ingredient2. "
    )
    assert observation.startswith(
        "Cocktail1 part1 ingredient is ingredient1.  Cocktail1 part2 ingredient is ingredient3.  "
    )
    assert "Dispenser3 dispenses ingredient3.  Handempty left Handempty right Level l0 is next" in (
        observation
    )
    assert env.step("right grasp shot1.")[0].endswith("Shot4 is on the table.  You are holding right. ")
    goal, observation = env.reset("gripper/prob01")
    assert observation.endswith("Right is free.  Robby is at rooma.  Room rooma Room roomb")
    goal, observation = env.reset("blockworld/problem4")
    assert observation == (
        "B1 is on b4. B2 is on the table. B3 is on b1. B4 is on b2. The b3 is clear. "
        "Your arm is empty."
    )
