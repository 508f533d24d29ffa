"""Act+Reflexion and ReAct+Reflexion (spec §4): learn short plans from failed training tasks.

Per task type, up to `iterations + 1` rounds: run every training task with the current
reflections; if one failed, the learner reads the first failed trajectory and writes a short
prompt for the future, which is appended (at most `max_reflections`). At test time the
reflections are joined into "Your action should follow this high level plan: ...".
"""

from __future__ import annotations

from learnact_engine.feedback import sanitize
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.demonstrations import demonstration_for
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest, run_episode
from learnact_engine.learners.protocol import TaskPlan

ONE_SHOT = """Example:
Past experience (unsuccessful):
You should perform actions to accomplish the goal: b1 is on b2.
Observation: b1 is on the table. b2 is on the table. The arm is empty.
Action: Stack("b1", "b2")
Observation: The action is not valid and therefore takes no effect.
Short prompt for future: A block must be held before it can be stacked: pick it up first, then stack it."""


def reflection_prompt(record: dict) -> str:
    lines = [f"You should perform actions to accomplish the goal: {record['goal']}",
             f"Observation: {record.get('initial_observation', '')}"]
    for step in record.get("trajectory", []):
        action = step["action"]
        lines += [action if action.startswith("Think:") else f"Action: {action}", f"Observation: {step['observation']}"]
    return ("You will be given the history of a past experience in which you were placed in an environment "
            "and given a task to complete. You were unsuccessful. Write a short prompt to help yourself "
            "complete similar tasks in the future. Use abstract names, not the exact objects of this task.\n\n"
            f"{ONE_SHOT}\n\nPast experience (unsuccessful):\n" + "\n".join(lines) + "\nShort prompt for future:")


def learn(ctx: RunContext, plan: TaskPlan, react: bool) -> dict[str, AgentSpec]:
    specs: dict[str, AgentSpec] = {}
    settings = ctx.settings
    for task_type, tasks in sorted(plan.train.items()):
        if not tasks:
            continue
        demo = demonstration_for(ctx, task_type, plan.train)
        spec = AgentSpec(react=react)
        rounds = []
        for round_number in range(settings.iterations + 1):
            ctx.status(f"[{task_type}] reflexion round {round_number}")
            labels = {"round": round_number, "candidate": 0, "learn_type": task_type}
            records = ctx.map(lambda task: run_episode(ctx, EpisodeRequest(
                task, task_type, spec, demo, "learn", settings.learn_max_steps, labels=labels)), tasks)
            failed = next((r for r in records if not r["success"]), None)
            rounds.append({"round": round_number, "reflections": list(spec.reflections),
                           "train_success": [bool(r["success"]) for r in records]})
            if failed is None or round_number == settings.iterations or len(spec.reflections) >= settings.max_reflections:
                break
            text = ctx.learner_llm.complete([{"role": "user", "content": reflection_prompt(failed)}],
                                            stop=["\n"], temperature=0.0, seed=settings.seed, max_tokens=100).text
            reflection = " ".join(sanitize(text, 600).split())
            if reflection:
                spec = AgentSpec(react=react, reflections=spec.reflections + (reflection,))
        if ctx.run is not None:
            ctx.run.write_json(f"learn/{task_type}/reflexion.json", {"type": task_type, "rounds": rounds,
                                                                     "reflections": list(spec.reflections)})
        specs[task_type] = spec
    return specs
