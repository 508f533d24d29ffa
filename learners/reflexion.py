"""Act+Reflexion and ReAct+Reflexion (spec §4): learn short plans from failed training tasks.

Per task type, up to `iterations + 1` rounds: run every training task with the current
reflections; if one failed, the learner reads the first failed trajectory and writes a short
prompt for the future, which is appended (at most `max_reflections`). At test time the
reflections are joined with newlines into "Your action should follow this high level plan: ...".
The one-shot example is the game's / type's own (learners.material) and the reflection free-form.
"""

from __future__ import annotations

from learnact_engine.feedback import sanitize
from learnact_engine.learners.budget import PromptFailed, complete_learner
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.demonstrations import demonstration_for
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest
from learnact_engine.learners.executors import run_episodes
from learnact_engine.learners.knowledge import material_for
from learnact_engine.learners.learnact import learn_root
from learnact_engine.learners.output_caps import output_cap, was_cut_off
from learnact_engine.learners.protocol import TaskPlan, scored_tasks

ONE_SHOT = """Example:
Past experience (unsuccessful):
You should perform actions to accomplish the goal: b1 is on b2.
Observation: b1 is on the table. b2 is on the table. The arm is empty.
Action: Stack("b1", "b2")
Observation: The action is not valid and therefore takes no effect.
Short prompt for future: A block must be held before it can be stacked: pick it up first, then stack it."""


def reflection_prompt(record: dict, one_shot: str | None = None) -> str:
    """`one_shot`: the game's / type's own worked reflection (learners.material), else the generic one."""
    lines = [f"You should perform actions to accomplish the goal: {record['goal']}",
             f"Observation: {record.get('initial_observation', '')}"]
    for step in record.get("trajectory", []):
        action = step["action"]
        lines += [action if action.startswith("Think:") else f"Action: {action}", f"Observation: {step['observation']}"]
    return ("You will be given the history of a past experience in which you were placed in an environment "
            "and given a task to complete. You were unsuccessful. Write a short prompt to help yourself "
            "complete similar tasks in the future. Use abstract names, not the exact objects of this task.\n\n"
            f"{(one_shot or ONE_SHOT).strip()}\n\nPast experience (unsuccessful):\n" + "\n".join(lines)
            + "\nShort prompt for future:")


def reflection_messages(ctx: RunContext, task_type: str, record: dict) -> list[dict]:
    found = material_for(ctx.settings.domain, task_type)
    return [{"role": "user", "content": reflection_prompt(record, found.reflexion_example if found else None)}]


def learn(ctx: RunContext, plan: TaskPlan, react: bool) -> dict[str, AgentSpec]:
    specs: dict[str, AgentSpec] = {}
    settings = ctx.settings
    for task_type, tasks in sorted(plan.train.items()):
        if not tasks:
            continue
        demo = demonstration_for(ctx, task_type, plan.train, scored_tasks(plan))
        spec = AgentSpec(react=react)
        rounds = []
        for round_number in range(settings.iterations + 1):
            ctx.status(f"[{task_type}] reflexion round {round_number}")
            labels = {"round": round_number, "candidate": 0, "learn_type": task_type}
            records = run_episodes(ctx, [EpisodeRequest(task, task_type, spec, demo, "learn", settings.learn_max_steps,
                                                        repeat=ctx.repeat, labels=labels) for task in tasks])
            failed = next((r for r in records if not r["success"]), None)
            rounds.append({"round": round_number, "reflections": list(spec.reflections),
                           "train_success": [bool(r["success"]) for r in records]})
            if failed is None or round_number == settings.iterations or len(spec.reflections) >= settings.max_reflections:
                break
            # free-form and multi-line, as the reference's (no stop at the line's end)
            try:  # shortened to the learner model's window: the oldest trajectory steps go first
                completion = complete_learner(ctx.learner_llm, reflection_messages(ctx, task_type, failed),
                                              preset=settings.preset, temperature=0.0, seed=settings.seed + ctx.repeat,
                                              max_tokens=output_cap(ctx, "reflection"))
            except PromptFailed:
                completion = None  # no reflection this round
            if completion is not None:
                was_cut_off(ctx, "reflection", completion)
            reflection = "\n".join(ln.rstrip() for ln in sanitize(completion.text if completion else "", 3000)
                                   .strip().splitlines() if ln.strip())
            if reflection:
                spec = AgentSpec(react=react, reflections=spec.reflections + (reflection,))
        if ctx.run is not None:
            ctx.run.write_json(f"{learn_root(ctx.repeat)}/{task_type}/reflexion.json", {"type": task_type, "rounds": rounds,
                                                                     "reflections": list(spec.reflections)})
        specs[task_type] = spec
    return specs
