"""One demonstration per task type, taken from the environment's expert and replayed for real.

The expert gives command strings ("pick up ball1 at rooma with arm left"); each is turned back into
the primitive call that produces it (`pick("ball1", "rooma", "left")`) by matching the primitives'
command templates, and stepped in a fresh env so the observations are the env's own.
"""

from __future__ import annotations

import re

from learnact_engine.envs.base import Primitive, TextEnv
from learnact_engine.learners.prompts import Demonstration

MAX_DEMO_STEPS = 40


def _template_regex(primitive: Primitive) -> re.Pattern:
    pattern, last = [], 0
    for match in re.finditer(r"\{(\w+)\}", primitive.template):
        pattern.append(re.escape(primitive.template[last:match.start()]))
        pattern.append(f"(?P<{match.group(1)}>.+?)")
        last = match.end()
    pattern.append(re.escape(primitive.template[last:]))
    return re.compile("".join(pattern) + r"\Z", re.IGNORECASE)


def command_to_call(command: str, primitives: list[Primitive]) -> str | None:
    """The primitive call whose command is exactly `command`, or None."""
    command = command.strip()
    for primitive in primitives:
        match = _template_regex(primitive).match(command)
        if match is None:
            continue
        args = tuple(match.group(p).strip() for p in primitive.params)
        if primitive.command(args).lower() == command.lower():
            return f"{primitive.name}({', '.join(_quote(a) for a in args)})"
    return None


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def build_demonstration(env: TextEnv, task_id: str) -> Demonstration:
    goal, observation = env.reset(task_id)
    primitives = env.primitives()
    steps: list[tuple[str, str]] = []
    for command in env.expert_plan(task_id)[:MAX_DEMO_STEPS]:
        call = command_to_call(command, primitives) or command
        observation, done, _info = env.step(command)
        steps.append((call, observation))
        if done:
            break
    thought = (f"I need to reach the goal step by step; a plan of {len(steps)} actions will do it, "
               f"starting with {steps[0][0]}." if steps else None)
    return Demonstration(goal, env.reset(task_id)[1], tuple(steps), thought)


def demonstration_for(ctx, task_type: str, train_tasks: dict[str, list[str]]) -> Demonstration | None:
    """The demonstration for a type, from its first training task (cached per run).

    A type with no training task borrows another type's first one: the agent still sees the
    call format, never a test task's solution."""
    key = ("demo", task_type)
    if key in ctx.cache:
        return ctx.cache[key]
    source = (train_tasks.get(task_type) or next((t for t in train_tasks.values() if t), [None]))[0]
    demo = None
    if source is not None:
        with ctx.envs.env() as env:
            try:
                demo = build_demonstration(env, source)
            except LookupError:
                demo = None
    ctx.cache[key] = demo
    return demo
