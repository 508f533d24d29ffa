"""The messages each stage of a method sends, rendered without an LLM (`learnact-engine prompts`).

Every stage is rendered by the same code the run uses (TypeLearner's message builders, the agent's
`agent_messages`, Reflexion's and Code-as-Policy's builders), for one task of a domain's plan:

- agent: the agent's first turn on the task (no learned actions, no reflections yet);
- creation, description, usage, revision (learnact): for the task's type; description and usage
  use the game's creation-example functions as the library, and revision a failure of that
  example's first usage call on this task (the library's call, an invalid observation);
- reflection (act_reflexion / react_reflexion): a failed episode of the task with no step;
- code_as_policy: the one program prompt for the task.
Stages that need a hypothetical library or failure say so in `note`.
"""

from __future__ import annotations

from dataclasses import dataclass

from learnact_engine.learners.context import EnvPool, RunContext, Settings

STAGES = ("agent", "creation", "description", "usage", "revision", "reflection", "code_as_policy")
METHOD_STAGES = {
    "act": ("agent",), "react": ("agent",),
    "act_reflexion": ("agent", "reflection"), "react_reflexion": ("agent", "reflection"),
    "code_as_policy": ("code_as_policy",),
    "learnact": ("agent", "creation", "description", "usage", "revision"),
}
INVALID = "The action is not valid and therefore takes no effect. Please remember to satisfy the restriction of actions."


class StageError(ValueError):
    """A stage that the method does not have, a task that is not in the domain."""


@dataclass(frozen=True)
class Rendered:
    messages: list[dict]
    task: str
    task_type: str
    note: str = ""


def default_stage(method: str) -> str:
    return METHOD_STAGES[method][0]


def render_stage(settings: Settings, env_factory, stage: str, task: str | None = None) -> Rendered:
    from learnact_engine.learners.protocol import TaskPlan, TaskPlanError, plan_tasks

    if stage not in STAGES:
        raise StageError(f"unknown stage {stage!r}; choose one of: {', '.join(STAGES)}")
    allowed = METHOD_STAGES.get(settings.method, ())
    if stage not in allowed:
        raise StageError(f"method {settings.method} has no {stage} stage; it has: {', '.join(allowed)}")
    pool = EnvPool(env_factory)
    try:
        with pool.env() as env:
            known = [t for split in env.splits() for t in env.tasks(split)]
            try:
                plan = plan_tasks(env, settings)
            except TaskPlanError:  # too few tasks for the preset's splits (a few generated games)
                plan = TaskPlan({}, {}, [(t, env.task_type(t) or "all") for t in known[:1]])
            if task is None:
                if not plan.test:
                    raise StageError(f"{settings.domain}: the environment has no tasks")
                task = plan.test[0][0]
            if task not in set(known):
                raise StageError(f"unknown task {task!r} in {settings.domain} (see `learnact-engine envs`)")
            task_type = env.task_type(task) or "all"
            goal, observation = env.reset(task)
            primitives = env.primitives()
        if not plan.train.get(task_type):
            plan.train[task_type] = [task]
        ctx = RunContext(settings, llm=None, envs=pool)
        messages, note = _render(ctx, plan, stage, task, task_type, goal, observation, primitives)
        return Rendered(messages, task, task_type, note)
    finally:
        pool.close()


def _render(ctx, plan, stage, task, task_type, goal, observation, primitives) -> tuple[list[dict], str]:
    from learnact_engine.learners.demonstrations import demonstration_for
    from learnact_engine.learners.episode import base_instruction
    from learnact_engine.learners.methods import get_method
    from learnact_engine.learners.prompts import agent_messages
    from learnact_engine.learners.protocol import scored_tasks

    settings = ctx.settings
    demo = demonstration_for(ctx, task_type, plan.train, scored_tasks(plan))
    if stage == "agent":
        return agent_messages(system=settings.system, primitives=primitives, library=None, usage="",
                              demonstration=demo, reflections=(), goal=goal, initial_observation=observation,
                              history=[], memory=settings.memory, react=get_method(settings.method).react,
                              base_instruction=base_instruction(settings.domain, task_type)), ""
    if stage == "code_as_policy":
        from learnact_engine.learners.code_as_policy import program_messages

        return program_messages(ctx, task_type, primitives, demo, goal, observation), ""
    failed = {"task": task, "goal": goal, "initial_observation": observation, "success": False, "trajectory": []}
    if stage == "reflection":
        from learnact_engine.learners.reflexion import reflection_messages

        return reflection_messages(ctx, task_type, failed), "hypothetical failed episode: no step taken"
    from learnact_engine.learners.learnact import TypeLearner

    learner = TypeLearner(ctx, plan, task_type)
    if stage == "creation":
        return learner.creation_messages(), ""
    library, calls = _example_library(learner)
    if library is None or not len(library):
        raise StageError(f"{stage}: no example functions to show for {task_type}")
    first = library.actions[0]
    if stage == "description":
        return learner.description_messages(first.source), f"function: the creation example's {first.name}"
    if stage == "usage":
        return learner.usage_messages(library)[0], "library: the creation example's functions"
    own = [c for c in calls if c.split("(", 1)[0].strip() in library.names]
    call = own[0] if own else f"{first.name}()"
    name = call.split("(", 1)[0].strip()
    failed["trajectory"] = [{"action": call, "observation": INVALID, "kind": "learned", "name": name, "sub": []}]
    return (learner.revision_messages(library, failed, 0),
            f"hypothetical failure: {call} on this task, with the creation example's functions")


def _example_library(learner):
    """The game's creation example as a library (descriptions left empty), and its usage calls."""
    from learnact_engine.actions import ActionLibrary
    from learnact_engine.learners.learnact_prompts import CREATION_EXAMPLE

    example = learner.material.creation_example if learner.material is not None else \
        CREATION_EXAMPLE.get(learner.settings.domain, CREATION_EXAMPLE["robotic_planning"])
    parsed = ActionLibrary.parse(example, primitive_names=learner.primitive_names)
    calls = [ln.strip() for ln in parsed.test_code().splitlines() if ln.strip() and not ln.strip().startswith("#")]
    library = parsed.library
    if library is not None:  # a run shows the learner's own descriptions here
        for action in library.actions:
            library = library.with_description(action.name, f"<the description written for {action.name}>")
    return library, calls
