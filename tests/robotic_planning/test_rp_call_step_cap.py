"""Environment steps inside one learned call: uncapped in the paper preset (as the reference, where
a learned call is one agent step with nothing counted inside it), capped in the clean preset at the
episode's step cap, with refused primitives and a `capped` mark in the step record."""

from __future__ import annotations

from learnact_engine.actions.library import ActionLibrary
from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv
from learnact_engine.executor import INVALID_ERROR, Executor
from learnact_engine.learners.context import Settings
from learnact_engine.sandbox import Limits, open_sandbox

# Eight environment steps: up and down with b2 four times.
SHUFFLE = "def shuffle():\n    for _ in range(4):\n        Unstack('b2', 'b1')\n        Stack('b2', 'b1')\n"
CAUGHT = ("def stubborn():\n    done = 0\n    for _ in range(4):\n        try:\n            Unstack('b2', 'b1')\n"
          "            Stack('b2', 'b1')\n        except ValueError:\n            done += 1\n    return done\n")


def _run(tiny_data, source: str, line: str, cap: int | None):
    env = RoboticPlanningEnv(tiny_data, game="blockworld")
    _goal, observation = env.reset("blockworld/tiny")
    library = ActionLibrary.from_source(source, [p.name for p in env.primitives()])
    with open_sandbox("restricted", Limits(wall_seconds=10), pool_size=0) as sandbox:
        executor = Executor(env, sandbox, library, call_step_cap=cap)
        executor.start(observation)
        try:
            return env, executor.execute(line)
        finally:
            executor.close()


def test_presets_state_their_rule():
    for domain, steps in (("robotic_planning", 30), ("alfworld", 20)):
        assert Settings.for_domain(domain, preset="paper").call_step_cap is None
        assert Settings.for_domain(domain, preset="clean").call_step_cap == steps
    assert Settings.for_domain("alfworld", preset="clean", max_steps=7).call_step_cap == 7
    assert Settings.for_domain("alfworld", preset="clean", call_step_cap=3).call_step_cap == 3


def test_uncapped_call_takes_every_step(tiny_data):
    env, outcome = _run(tiny_data, SHUFFLE, "shuffle()", None)
    assert env.steps == 8 and outcome.status == "ok" and not outcome.capped, outcome.to_dict()
    assert "capped" not in outcome.to_dict()


def test_capped_call_is_refused_past_the_cap(tiny_data):
    env, outcome = _run(tiny_data, SHUFFLE, "shuffle()", 3)
    assert env.steps == 3  # the fourth primitive never reached the env
    assert outcome.capped and outcome.to_dict()["capped"] is True
    assert outcome.observation == INVALID_ERROR and "CallStepCapReached" not in outcome.observation
    assert "3 environment steps" in outcome.feedback


def test_code_that_catches_the_refusal_still_takes_no_more_steps(tiny_data):
    env, outcome = _run(tiny_data, CAUGHT, "stubborn()", 5)
    assert env.steps == 5 and outcome.capped and outcome.status == "ok"


# tiny blockworld goal: b1 on b3 and b2 on b1
SOLVE = ("def solve(undo):\n    Unstack('b2', 'b1')\n    Putdown('b2')\n    Pickup('b1')\n    Stack('b1', 'b3')\n"
         "    Pickup('b2')\n    Stack('b2', 'b1')\n    if undo:\n        Unstack('b2', 'b1')\n")


def test_a_call_is_done_when_its_last_step_is(tiny_data):
    env, outcome = _run(tiny_data, SOLVE, "solve(False)", None)
    assert outcome.done and env.won
    # the reference reads env.done after the call: reaching the goal mid-call and leaving it
    # again does not end the episode (pddlgym keeps applying actions)
    env, outcome = _run(tiny_data, SOLVE, "solve(True)", None)
    assert not outcome.done and not env.won and env.steps == 7
