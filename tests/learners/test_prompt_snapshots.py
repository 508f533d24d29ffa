"""Snapshots of the rendered prompts: every stage of every method for one task per Robotic Planning
game and per ALFWorld task type (generated tasks, so no data is needed). A changed prompt shows up
as a changed file under tests/learners/snapshots/ in review.

Regenerate after an intended change: LEARNACT_UPDATE_SNAPSHOTS=1 pytest tests/learners/test_prompt_snapshots.py
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from learnact_engine.learners.context import Settings
from learnact_engine.learners.stage_prompts import METHOD_STAGES, render_stage

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("LEARNACT_UPDATE_SNAPSHOTS", "").strip() not in ("", "0")
RP_GAMES = ("blockworld", "gripper", "tyreworld", "barman")
ALFWORLD_TYPES = ("pick_and_place_simple", "pick_clean_then_place_in_recep", "pick_heat_then_place_in_recep",
                  "pick_cool_then_place_in_recep", "look_at_obj_in_light", "pick_two_obj_and_place")
RENDERS = [("learnact", s) for s in METHOD_STAGES["learnact"]] + [
    ("react", "agent"), ("act_reflexion", "reflection"), ("code_as_policy", "code_as_policy")]


class _Shared:
    """One env for every render of a domain (closing is left to the test)."""

    def __init__(self, env):
        self.env = env

    def __getattr__(self, name):
        return getattr(self.env, name)

    def close(self):
        pass


def _render_all(domain: str, env, task: str) -> str:
    parts = []
    for method, stage in RENDERS:
        settings = Settings.for_domain(domain, method=method)
        rendered = render_stage(settings, lambda: _Shared(env), stage, task)
        parts.append(f"===== {method} / {stage} ({task}) =====")
        if rendered.note:
            parts.append(f"# note: {rendered.note}")
        for message in rendered.messages:
            parts += [f"[{message['role']}]", message["content"], ""]
    return "\n".join(parts)


def _check(name: str, text: str) -> None:
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"no snapshot {path.name}: run with LEARNACT_UPDATE_SNAPSHOTS=1 to write it")
    expected = path.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(list(difflib.unified_diff(expected.splitlines(True), text.splitlines(True),
                                                 "snapshot", "rendered"))[:80])
        pytest.fail(f"the rendered prompts of {name} changed (LEARNACT_UPDATE_SNAPSHOTS=1 to accept):\n{diff}")


@pytest.fixture(scope="module")
def rp_env():
    from learnact_engine.envs.registry import make_env

    env = make_env("robotic_planning")
    yield env
    env.close()


@pytest.mark.parametrize("game", RP_GAMES)
def test_robotic_planning_prompts(rp_env, game):
    task = next(t for t in rp_env.tasks("test") if rp_env.task_type(t) == game)
    _check(f"robotic_planning-{game}", _render_all("robotic_planning", rp_env, task))


@pytest.fixture(scope="module")
def alfworld_env():
    pytest.importorskip("textworld", reason="the ALFWorld engine needs textworld")
    from learnact_engine.envs.registry import make_env

    env = make_env("alfworld")
    yield env
    env.close()


@pytest.mark.alfworld
@pytest.mark.parametrize("task_type", ALFWORLD_TYPES)
def test_alfworld_prompts(alfworld_env, task_type):
    tasks = [t for split in alfworld_env.splits() for t in alfworld_env.tasks(split)]
    task = next(t for t in sorted(tasks) if alfworld_env.task_type(t) == task_type)
    _check(f"alfworld-{task_type}", _render_all("alfworld", alfworld_env, task))
