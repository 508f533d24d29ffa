"""Demonstration sources: the game file's walkthrough, the planner expert and the handcoded expert.

- walkthrough: the `walkthrough` list stored in current game files (absent in older files).
- planner: Fast Downward's plan from the current state (what `AlfredExpert(expert_type="planner")`
  reads from `policy_commands`), on the session's lazily made replanning translation.
- handcoded: ALFWorld's `HandCodedTWAgent`, driven as `AlfredExpert` drives it, with its
  inventory-tracking bug fixed for this agent only: since alfworld 0.4.0 it places objects with
  `move X to Y`, but `update_state_tracking` pops the inventory only on "put", so in
  pick_two tasks it keeps "returning" an object it no longer holds (spec §3.5). On older `put`
  grammar games its `move` commands are translated to the game's `put X in/on Y` and back.
"""

from __future__ import annotations

import random
import re
from contextlib import contextmanager
from typing import Iterator

import alfworld.gen.constants as constants
from alfworld.agents.expert import HandCodedAgentFailed, HandCodedAgentTimeout, HandCodedTWAgent

from learnact_engine.envs.alfworld.engine import Session
from learnact_engine.envs.alfworld.gamefile import TaskParams

EXPERTS = ("walkthrough", "planner", "handcoded")
_MOVE = re.compile(r"^move (.+) to (.+)$")
_OLD_PUT = re.compile(r"^put (.+) in/on (.+)$")


class ExpertFailed(RuntimeError):
    """The expert found no winning command sequence."""


def walkthrough(session: Session) -> list[str]:
    plan = session.game.walkthrough if session.game is not None else None
    if not plan:
        raise ExpertFailed("the game file has no walkthrough (older 2.1.1 files do not)")
    return list(plan)


def planner_plan(session: Session, max_steps: int = 50) -> list[str]:
    """Fast Downward's plan, replayed; replans from where a replay stops short (as ALFWorld's
    planner expert, which replans every step, but with one search per plan instead of per step)."""
    commands: list[str] = []
    while not session.won:
        plan = session.replan()
        if not plan:
            raise ExpertFailed("Fast Downward found no plan from this state")
        for command in plan:
            if len(commands) >= max_steps:
                raise ExpertFailed(f"planner expert did not win within {max_steps} steps")
            session.step(command)
            commands.append(command)
            if session.won:
                break
    return commands


def _fix_tracking(policy) -> None:
    """Instance-level fix of BasePolicy.update_state_tracking for `move X to Y` (see module doc)."""
    original = policy.update_state_tracking

    def update_state_tracking(game_state, last_action):
        if last_action.startswith("move "):
            last_action = "put " + last_action[len("move "):]
        return original(game_state, last_action)

    policy.update_state_tracking = update_state_tracking


def _expert_params(params: TaskParams) -> dict:
    """What `HandCodedAgent.reset` builds from traj_data.json (class names lower-cased)."""
    traj = params.as_traj_data(task_id="")
    raw = {**traj["pddl_params"], "task_type": traj["task_type"]}
    return {key: value.lower() if value in constants.OBJECTS else value for key, value in raw.items()}


@contextmanager
def _seeded_global_random(seed: int) -> Iterator[None]:
    """The expert draws from the module-level `random`; seed it without leaking the change."""
    saved = random.getstate()
    random.seed(seed)
    try:
        yield
    finally:
        random.setstate(saved)


def handcoded_plan(session: Session, params: TaskParams, intro: str, seed: int = 0, max_steps: int = 150) -> list[str]:
    """Run the (fixed) handcoded expert from the session's initial state; returns the commands that won."""
    uses_put = session.game.grammar.name == "put"

    def to_expert(command: str) -> str:  # the expert only knows `move X to Y`
        match = _OLD_PUT.match(command) if uses_put else None
        return f"move {match.group(1)} to {match.group(2)}" if match else command

    def to_game(command: str) -> str:
        match = _MOVE.match(command) if uses_put else None
        return f"put {match.group(1)} in/on {match.group(2)}" if match else command

    agent = HandCodedTWAgent(max_steps=max_steps)
    agent.task_params = _expert_params(params)
    agent.policy = agent.get_task_policy(agent.task_params)(agent.task_params, max_steps=max_steps)
    _fix_tracking(agent.policy)
    commands: list[str] = []
    with _seeded_global_random(seed):
        agent.observe(intro)
        command = "look"  # AlfredExpert's first suggestion, before the expert has acted
        while True:
            feedback = session.step(command)
            commands.append(command)
            if session.won:
                return commands
            admissible = session.admissible_commands
            state = {"feedback": feedback, "admissible_commands": [to_expert(c) for c in admissible],
                     "facts": session.facts(), "won": False}
            try:
                suggestion = to_game(agent.act(state, 0, False, to_expert(command)))
            except (HandCodedAgentTimeout, HandCodedAgentFailed) as exc:
                raise ExpertFailed(f"handcoded expert gave up after {len(commands)} steps ({type(exc).__name__})") from exc
            command = suggestion if suggestion in admissible else "look"
