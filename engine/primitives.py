"""Bind an environment's primitives to sandbox primitive handlers.

A handler receives the plain arguments the sandboxed code passed, turns them into the domain's
command string, steps the environment on the host and returns the observation with the command,
so the sub-trajectory records (command, observation) pairs in the env's own words.
"""

from __future__ import annotations

from typing import Callable

from learnact_engine.envs.base import TextEnv
from learnact_engine.sandbox import PrimitiveReply


def env_primitive_handlers(env: TextEnv, on_step: Callable[[str, str, bool], None] | None = None) -> dict[str, Callable]:
    handlers = {}
    for primitive in env.primitives():
        def handler(*args, _primitive=primitive):
            command = _primitive.command(args)  # TypeError on a wrong argument count: shown to the code
            observation, done, _info = env.step(command)
            if on_step is not None:
                on_step(command, observation, done)
            return PrimitiveReply(observation, command)

        handlers[primitive.name] = handler
    return handlers
