"""The sandbox: run LLM-written action libraries under a restricted-Python policy inside an OS
boundary (a confined child process, or a hardened container), with limits enforced from outside.

    with open_sandbox("restricted", Limits(wall_seconds=5)) as sandbox:
        session = sandbox.session()
        session.load(source, {"goto": handler})
        result = session.call("find_at", ["mug", "countertop 1"])
"""

from __future__ import annotations

import atexit
import importlib

from learnact_engine.sandbox.limits import Limits
from learnact_engine.sandbox.pool import WarmPool
from learnact_engine.sandbox.result import STATUSES, CallError, CallResult, PrimitiveCall
from learnact_engine.sandbox.session import LoadResult, PrimitiveReply, Session

BACKENDS = {
    "restricted": "learnact_engine.sandbox.process_backend:RestrictedBackend",
    "docker": "learnact_engine.sandbox.docker_backend:DockerBackend",
}

__all__ = [
    "BACKENDS", "STATUSES", "CallError", "CallResult", "Limits", "LoadResult", "PrimitiveCall",
    "PrimitiveReply", "Sandbox", "Session", "open_sandbox",
]


class Sandbox:
    """A backend plus its warm pool; hands out sessions, each with a fresh worker."""

    def __init__(self, backend, limits: Limits, pool_size: int):
        self.backend = backend
        self.limits = limits
        self.pool = WarmPool(backend.spawn_worker, pool_size, kill=lambda w: w.kill(), alive=lambda w: w.alive)
        atexit.register(self.close)

    def session(self, seed: int = 0, limits: Limits | None = None) -> Session:
        return Session(self.pool.acquire, limits or self.limits, seed=seed)

    def close(self) -> None:
        self.pool.close()
        self.backend.close()

    def __enter__(self) -> "Sandbox":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_sandbox(backend: str = "restricted", limits: Limits | None = None, pool_size: int = 2, **options) -> Sandbox:
    if backend not in BACKENDS:
        raise ValueError(f"unknown sandbox backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    limits = limits or Limits()
    if backend == "docker":
        # the container's cgroup cap sits above the worker's own address-space limit, so a session
        # hitting its memory budget gets a MemoryError (status `memory`) rather than an OOM kill
        options.setdefault("memory_mb", limits.memory_mb + 128)
    module_name, class_name = BACKENDS[backend].split(":")
    backend_class = getattr(importlib.import_module(module_name), class_name)
    return Sandbox(backend_class(**options), limits, pool_size)
