"""Code-as-Policy (spec §4): one LLM call writes a whole program, run open-loop once in the sandbox.

The program may define helper functions; its top-level statements are the plan. They run as the
body of one function appended to the program, in a sandbox session whose primitives step the env.
Success is the env's own `won` after the run; each primitive the program issued is one step.
A program that defines functions but calls none is rejected (shown in the progress log and the
episode's `feedback`), never run by guessing a call.
"""

from __future__ import annotations

import textwrap

from learnact_engine.actions import ActionLibrary
from learnact_engine.feedback import sanitize
from learnact_engine.learners.budget import PromptFailed, complete_learner
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.episode import (
    EpisodeRequest, episode_record, finish_episode, recorded_episode, started_episode,
)
from learnact_engine.learners.knowledge import material_for
from learnact_engine.learners.output_caps import output_cap, was_cut_off
from learnact_engine.learners.prompts import instruction
from learnact_engine.llm.grammar import python_block_grammar
from learnact_engine.primitives import env_primitive_handlers

PROGRAM_FUNCTION = "learnact_program"


DEFINES_ONLY = ("the program defines functions but calls none at the top level, so it does nothing: "
                "it must call its functions (or the actions) to act")


def program_prompt(primitives, demonstration, goal: str, observation: str, material=None) -> str:
    """`material`: the game's material, whose hierarchical example program (helper functions, then
    the calls) is shown; without it, the demonstration's calls as a flat program."""
    example = ""
    if material is not None and material.cap_example:
        example = f"Here is an example.\n{material.cap_example.strip()}\n\n"
    elif demonstration is not None:
        calls = "\n".join(action for action, _obs in demonstration.steps)
        example = (f"Here is an example.\nGoal: {demonstration.goal}\nObservation: {demonstration.initial_observation}\n"
                   f"Action:\n```python\n{calls}\n```\n\n")
    base = material.instruction if material is not None else None
    return (f"{instruction(primitives, base=base)}\nYou can define functions in Python and call the actions above; "
            "the functions of the example are not available. Write the whole program that reaches the goal, "
            f"in one ```python block.\n\n{example}Goal: {goal}\nObservation: {observation}\nAction:\n")


def program_messages(ctx: RunContext, task_type: str, primitives, demonstration, goal: str, observation: str) -> list[dict]:
    found = material_for(ctx.settings.domain, task_type)
    return [{"role": "system", "content": ctx.settings.system},
            {"role": "user", "content": program_prompt(primitives, demonstration, goal, observation, found)}]


def run_program_episode(ctx: RunContext, request: EpisodeRequest) -> dict:
    done = recorded_episode(ctx, request)
    if done is not None:
        return done
    settings = ctx.settings
    with started_episode(ctx, request) as begun:
        env, goal, observation, seed = begun.env, begun.goal, begun.observation, begun.seed
        primitives = env.primitives()
        messages = program_messages(ctx, request.task_type, primitives, request.demonstration, goal, observation)
        try:  # the prompt shortened to the window (learners.budget); one that cannot fit ends the episode
            completion = complete_learner(ctx.llm, messages, preset=settings.preset, temperature=0.0, seed=seed,
                                          max_tokens=output_cap(ctx, "program"),
                                          grammar=python_block_grammar() if settings.constrain else None)
        except PromptFailed as exc:
            completion = None
            trajectory, status, feedback = [], exc.status, str(exc)
        text = completion.text if completion is not None else ""
        if completion is None:
            pass
        elif was_cut_off(ctx, "program", completion):
            trajectory, status, feedback = [], "cut_off", "the program was cut off by its output-token limit"
        else:
            trajectory, status, feedback = _run_program(ctx, env, text, [p.name for p in primitives], seed)
        if status in ("rejected", "cut_off"):
            ctx.status(f"[{request.task_type}] code_as_policy program for {request.task} {status}: {feedback}"[:300])
        won, progress = bool(env.won), env.progress
    record = episode_record(ctx, request, begun.started, goal=goal, initial_observation=observation, success=won,
                            progress=progress, trajectory=trajectory, library_hash=None,
                            program=sanitize(text, 8000), program_status=status, feedback=feedback,
                            status=status if status in ("context", "llm_error") else "finished")
    return finish_episode(ctx, record)


def _run_program(ctx: RunContext, env, text: str, primitive_names, seed: int):
    parsed = ActionLibrary.parse(text, primitive_names=primitive_names)
    if parsed.library is None and not parsed.strays:
        return [], "rejected", parsed.feedback()
    library_source = parsed.library.source() if parsed.library is not None else ""
    body = parsed.test_code().strip()
    if not body and parsed.library is not None and parsed.library.names:
        return [], "rejected", DEFINES_ONLY  # never guess a call (the reference runs the program as written)
    if not body:
        return [], "rejected", "the program does nothing"
    source = library_source + f"\n\ndef {PROGRAM_FUNCTION}():\n" + textwrap.indent(body + "\n", "    ")
    limit = max(ctx.sandbox.limits.primitive_calls, ctx.settings.max_steps)
    session = ctx.sandbox.session(seed=seed)
    seen: list[tuple[str, str]] = []  # the env's own observations (the program may get None back)
    try:
        loaded = session.load(source, env_primitive_handlers(env, lambda c, o, _d: seen.append((c, o)),
                                                             return_observation=ctx.settings.primitives_return))
        if not loaded.ok:
            return [], "rejected", loaded.message()
        result = session.call(PROGRAM_FUNCTION, [])
    finally:
        session.close()
    trajectory, next_seen = [], 0
    for p in result.primitive_calls[:limit]:
        observation = p.observation
        if next_seen < len(seen) and p.command and seen[next_seen][0] == p.command:
            observation, next_seen = seen[next_seen][1], next_seen + 1
        trajectory.append({"action": p.command or p.name, "observation": sanitize(observation, 2000),
                           "kind": "primitive", "name": p.name})
    return trajectory, result.status, (result.error.traceback if result.error else None)
