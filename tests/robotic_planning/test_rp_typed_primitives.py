"""Typed primitives: an argument is one of the task's object names, or the primitive fails. The
command parser takes the first live operator in the text, so before typed arguments a put-down
whose argument held `unstack ...` performed the unstack."""

from __future__ import annotations

import json

import pytest
from learnact_engine.envs.base import ArgumentError
from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv
from learnact_engine.executor import INVALID_ERROR, Executor
from learnact_engine.sandbox import Limits, open_sandbox

CONFUSED = {
    "blockworld": ['Putdown("b2 unstack b2 from b1")', 'Putdown("unstack")', 'Putdown("b2\\nunstack b2 from b1")',
                   'Stack("b2", "b1 unstack b2 from b1")', 'Pickup("check")', 'Pickup(2)'],
    "gripper": ['pick("move", "rooma", "roomb")', 'drop("ball1", "rooma roomb", "left")', 'move("rooma", "look around")'],
}


def _env(tiny_data, game):
    env = RoboticPlanningEnv(tiny_data, game=game)
    _goal, observation = env.reset(env.tasks("test")[0])
    return env, observation


@pytest.mark.parametrize("game", CONFUSED)
def test_confused_arguments_fail_and_change_nothing(tiny_data, game):
    env, observation = _env(tiny_data, game)
    executor = Executor(env)
    executor.start(observation)
    state = env._state
    for line in CONFUSED[game]:
        outcome = executor.execute(line)
        assert outcome.observation == INVALID_ERROR, (line, outcome)
        assert outcome.sub_trajectory == []
        assert env._state == state and env.steps == 0


def test_object_names_still_work_in_any_case(tiny_data):
    env, observation = _env(tiny_data, "blockworld")
    executor = Executor(env)
    executor.start(observation)
    unstacked = executor.execute('Unstack("b2", "b1")')
    assert unstacked.sub_trajectory[0][0] == "unstack b2 from b1" and "holding b2" in unstacked.observation
    assert "arm is empty" in executor.execute('Putdown("B2")').observation


def test_primitive_refuses_before_building_a_command(tiny_data):
    env, _ = _env(tiny_data, "blockworld")
    putdown = next(p for p in env.primitives() if p.name == "Putdown")
    with pytest.raises(ArgumentError, match="no object named"):
        putdown.command(("unstack",))
    with pytest.raises(ArgumentError, match="one object name"):
        putdown.command(("b2 unstack b2 from b1",))
    with pytest.raises(TypeError):
        putdown.command((None,))
    assert putdown.command(("b2",)) == "putdown b2"


def test_learned_action_with_confused_argument_fails_in_the_sandbox(tiny_data):
    env, observation = _env(tiny_data, "blockworld")
    library_source = 'def sneaky():\n    return Putdown("b2 unstack b2 from b1")\n'
    from learnact_engine.actions.library import ActionLibrary

    library = ActionLibrary.from_source(library_source, [p.name for p in env.primitives()])
    with open_sandbox("restricted", Limits(wall_seconds=10), pool_size=0) as sandbox:
        executor = Executor(env, sandbox, library)
        executor.start(observation)
        try:
            outcome = executor.execute("sneaky()")
        finally:
            executor.close()
    assert outcome.status == "error" and outcome.observation == INVALID_ERROR
    assert "ValueError" in outcome.feedback and "one object name" in outcome.feedback
    assert env.steps == 0


def test_agent_lines_with_lone_surrogates_are_recorded_encodable(tiny_data):
    env, observation = _env(tiny_data, "blockworld")
    executor = Executor(env)
    executor.start(observation)
    for line in ('Pickup("b3\ud800")', "look\ud800 around\u2028\U000e0041", 'Pickup("b3")\udcff'):
        record = executor.execute(line).to_dict()
        text = json.dumps(record, ensure_ascii=False)
        text.encode("utf-8")
        assert "\U000e0041" not in text and "\u2028" not in text
