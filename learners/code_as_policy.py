"""Code-as-Policy (spec §4): one LLM call writes a whole program, run open-loop once in the sandbox.

The program may define helper functions; its top-level statements are the plan. They run as the
body of one function appended to the program, in a sandbox session whose primitives step the env.
Success is the env's own `won` after the run; each primitive the program issued is one step.
"""

from __future__ import annotations

import textwrap

from learnact_engine.actions import ActionLibrary
from learnact_engine.feedback import sanitize
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.episode import (
    EpisodeRequest, episode_record, finish_episode, recorded_episode, started_episode,
)
from learnact_engine.learners.prompts import instruction
from learnact_engine.llm.grammar import python_block_grammar
from learnact_engine.primitives import env_primitive_handlers

PROGRAM_FUNCTION = "learnact_program"


def program_prompt(primitives, demonstration, goal: str, observation: str) -> str:
    example = ""
    if demonstration is not None:
        calls = "\n".join(action for action, _obs in demonstration.steps)
        example = (f"Here is an example.\nGoal: {demonstration.goal}\nObservation: {demonstration.initial_observation}\n"
                   f"Action:\n```python\n{calls}\n```\n\n")
    return (f"{instruction(primitives)}\nYou can define functions in Python and call the actions above; "
            "the functions of the example are not available. Write the whole program that reaches the goal, "
            f"in one ```python block.\n\n{example}Goal: {goal}\nObservation: {observation}\nAction:\n")


def run_program_episode(ctx: RunContext, request: EpisodeRequest) -> dict:
    done = recorded_episode(ctx, request)
    if done is not None:
        return done
    settings = ctx.settings
    with started_episode(ctx, request) as begun:
        env, goal, observation, seed = begun.env, begun.goal, begun.observation, begun.seed
        primitives = env.primitives()
        messages = [{"role": "system", "content": settings.system},
                    {"role": "user", "content": program_prompt(primitives, request.demonstration, goal, observation)}]
        text = ctx.llm.complete(messages, temperature=0.0, seed=seed, max_tokens=settings.code_tokens,
                                grammar=python_block_grammar() if settings.constrain else None).text
        trajectory, status, feedback = _run_program(ctx, env, text, [p.name for p in primitives], seed)
        won, progress = bool(env.won), env.progress
    record = episode_record(ctx, request, begun.started, goal=goal, initial_observation=observation, success=won,
                            progress=progress, trajectory=trajectory, library_hash=None,
                            program=sanitize(text, 8000), program_status=status, feedback=feedback)
    return finish_episode(ctx, record)


def _run_program(ctx: RunContext, env, text: str, primitive_names, seed: int):
    parsed = ActionLibrary.parse(text, primitive_names=primitive_names)
    if parsed.library is None and not parsed.strays:
        return [], "rejected", parsed.feedback()
    library_source = parsed.library.source() if parsed.library is not None else ""
    body = parsed.test_code().strip()
    if not body and parsed.library is not None and parsed.library.names:
        body = f"{parsed.library.names[-1]}()"  # a program that only defines functions: run its last one
    if not body:
        return [], "rejected", "the program does nothing"
    source = library_source + f"\n\ndef {PROGRAM_FUNCTION}():\n" + textwrap.indent(body + "\n", "    ")
    limit = max(ctx.sandbox.limits.primitive_calls, ctx.settings.max_steps)
    session = ctx.sandbox.session(seed=seed)
    try:
        loaded = session.load(source, env_primitive_handlers(env))
        if not loaded.ok:
            return [], "rejected", loaded.message()
        result = session.call(PROGRAM_FUNCTION, [])
    finally:
        session.close()
    trajectory = [{"action": p.command or p.name, "observation": sanitize(p.observation, 2000), "kind": "primitive",
                   "name": p.name} for p in result.primitive_calls[:limit]]
    return trajectory, result.status, (result.error.traceback if result.error else None)
