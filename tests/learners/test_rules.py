"""The reference's observation rules, scoring and report statistics."""

from __future__ import annotations

import pytest

from learnact_engine.executor import INVALID_NO_CHANGE, build_observation
from learnact_engine.learners.demonstrations import command_to_call
from learnact_engine.learners.prompts import parse_agent_reply
from learnact_engine.learners.scoring import score_records, select_best
from learnact_engine.report import wilson_interval

from .doubles import GRIPPER_PRIMITIVES

BAD = "The action is not valid and therefore takes no effect."


def test_final_mode_appends_last_valid_observation_after_an_error():
    assert build_observation(["A.", BAD], "start", "final") == f"{BAD} A."
    assert build_observation(["A.", "B."], "start", "final") == "B."


def test_concat_mode_prefixes_the_error_and_drops_failed_substeps():
    assert build_observation(["A.", BAD, "B."], "start", "concat") == "A.B."
    assert build_observation(["A.", "B.", BAD], "start", "concat") == f"{BAD}A.B."


def test_nothing_changed_is_invalid():
    assert build_observation([], "start", "final") == INVALID_NO_CHANGE
    assert build_observation(["start"], "start", "final") == INVALID_NO_CHANGE


def step(kind, observation):
    return {"kind": kind, "observation": observation, "action": "x"}


def test_reference_score():
    records = [{"success": True, "trajectory": [step("learned", "ok"), step("primitive", "ok")]},
               {"success": False, "trajectory": [step("learned", BAD), step("learned", "ok"), step("think", "OK.")]}]
    full = score_records(records, "full")
    assert (full.total_steps, full.learned_calls, full.learned_ok) == (4, 3, 2)
    assert full.step_correction == pytest.approx(2 / 3) and full.call_ratio == pytest.approx(0.5)
    assert full.value == pytest.approx(2 / 3 + 0.5 + 0.5)
    assert score_records(records, "call_ratio_success").value == pytest.approx(1.0)
    assert select_best([full, full]) == 0  # ties go to the lowest index (the previous best)


def test_agent_reply_parsing():
    assert parse_agent_reply('Action: move("a", "b").\nmore') == ("action", 'move("a", "b")')
    assert parse_agent_reply("Think: plan it") == ("think", "plan it")


def test_expert_commands_become_primitive_calls():
    assert command_to_call("pick up ball1 at rooma with arm left", GRIPPER_PRIMITIVES) == 'pick("ball1", "rooma", "left")'
    assert command_to_call("fly away", GRIPPER_PRIMITIVES) is None


def test_wilson_interval():
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(0.2366, abs=1e-3) and high == pytest.approx(0.7634, abs=1e-3)
    assert wilson_interval(0, 0) == (0.0, 1.0)
