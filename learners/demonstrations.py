"""The agent's example per task type: the game's hand-written material, or (an option, and the
fallback for a game without material) the environment's expert replayed for real on a task that is
never scored.

The expert gives command strings ("pick up ball1 at rooma with arm left"); each is turned back into
the primitive call that produces it (`pick("ball1", "rooma", "left")`) by matching the primitives'
command templates, and stepped in a fresh env so the observations are the env's own.
"""

from __future__ import annotations

import re
from dataclasses import replace

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


def demonstration_for(ctx, task_type: str, train_tasks: dict[str, list[str]], scored=()) -> Demonstration | None:
    """The agent's example for a type (cached per run).

    Default (`demo="material"`): the hand-written Act/ReAct examples of the game or type
    (learners.material), written on instances no test split holds. Without material, or with
    `demo="expert"`: the expert's plan replayed on a training task that is never scored (not in
    `scored`); a type with no such task borrows another type's; when every task is scored (the
    paper preset tests on all of them) there is no expert replay and the material is used."""
    from learnact_engine.learners.knowledge import demonstration_from, material_for

    key = ("demo", task_type)
    if key in ctx.cache:
        return ctx.cache[key]
    found = material_for(ctx.settings.domain, task_type)
    demo = demonstration_from(found) if found is not None and ctx.settings.demo == "material" else None
    if demo is None:
        scored = set(scored)
        own = [t for t in train_tasks.get(task_type, []) if t not in scored]
        others = [t for tasks in train_tasks.values() for t in tasks if t not in scored]
        source = (own or others or [None])[0]
        if source is not None:
            with ctx.envs.env() as env:
                try:
                    demo = build_demonstration(env, source)
                except LookupError:
                    demo = None
        if demo is None and found is not None:
            demo = demonstration_from(found)
        elif found is not None:  # ReAct keeps the person's reasoning, never the one-line template
            material_demo = demonstration_from(found)
            demo = replace(demo, thought=None, react_goal=material_demo.react_goal,
                           react_initial_observation=material_demo.react_initial_observation,
                           react_steps=material_demo.react_steps)
    ctx.cache[key] = demo
    return demo
