"""Bind an environment's primitives to sandbox primitive handlers.

A handler receives the plain arguments the sandboxed code passed, turns them into the domain's
command string, steps the environment on the host and returns the observation with the command,
so the sub-trajectory records (command, observation) pairs in the env's own words.
"""

from __future__ import annotations

from typing import Callable

from learnact_engine.envs.base import TextEnv
from learnact_engine.sandbox import PrimitiveReply


def env_primitive_handlers(env: TextEnv, on_step: Callable[[str, str, bool], None] | None = None,
                           return_observation: bool = True) -> dict[str, Callable]:
    """With `return_observation=False` the code gets None back (the reference's PDDL wrappers);
    the observation still reaches `on_step` and the sub-trajectory's command."""
    handlers = {}
    for primitive in env.primitives():
        def handler(*args, _primitive=primitive):
            command = _primitive.command(args)  # TypeError on a wrong argument count: shown to the code
            observation, done, _info = env.step(command)
            if on_step is not None:
                on_step(command, observation, done)
            return PrimitiveReply(observation if return_observation else None, command)

        handlers[primitive.name] = handler
    return handlers
