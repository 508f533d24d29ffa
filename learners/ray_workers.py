"""The Ray actors of a run: episode workers, the run's LLM concurrency gate and the local-model actor.

An `EpisodeWorker` owns an environment pool (so its compiled-game cache stays warm), a sandbox pool
and an LLM client, and runs whole episodes, one at a time, for as long as the run lasts. It gets an
episode request as plain data and answers plain data: the record, the LLM calls the episode made
and, for a live backend, the cassette entries it recorded (the driver, which owns the run
directory, writes them). It never touches the run directory itself.

LLM per backend: `replay:DIR` opens the cassette read-only in each worker; an API backend is called
from the worker, each call holding a permit of the one `ConcurrencyGate` actor of the run (the
run's bound on concurrent requests, across all workers and nodes); the local model lives in one
`ModelActor`, which the workers call.
"""

from __future__ import annotations

import asyncio
import os
import socket
from pathlib import Path
from typing import Any

import ray

from learnact_engine.learners.context import EnvPool, RunContext
from learnact_engine.learners.executors import RUNNERS, runner_fn
from learnact_engine.learners.wire import (
    calls_to_data,
    completion_from_data,
    completion_to_data,
    entry_to_data,
    llm_request_from_data,
    llm_request_to_data,
    request_from_data,
)
from learnact_engine.llm.accounting import Ledger, MeteredLLM
from learnact_engine.llm.cassette import Cassette
from learnact_engine.llm.types import LLM, Completion, Request



@ray.remote
class ConcurrencyGate:
    """At most `limit` LLM requests of the run in flight, whichever worker sends them. Permits are
    held in the name of a worker, so the driver can hand back those of a worker that died."""

    def __init__(self, limit: int):
        self.limit = max(1, int(limit))
        self._semaphore: asyncio.Semaphore | None = None
        self.held: dict[str, int] = {}

    def _sem(self) -> asyncio.Semaphore:
        if self._semaphore is None:  # made on the actor's event loop
            self._semaphore = asyncio.Semaphore(self.limit)
        return self._semaphore

    async def acquire(self, holder: str) -> None:
        await self._sem().acquire()
        self.held[holder] = self.held.get(holder, 0) + 1

    async def release(self, holder: str) -> None:
        if self.held.get(holder, 0) > 0:
            self.held[holder] -= 1
            self._sem().release()

    async def forget(self, holder: str) -> int:
        """Hand back every permit a (dead) worker held; how many there were."""
        count = self.held.pop(holder, 0)
        for _ in range(count):
            self._sem().release()
        return count


@ray.remote(max_concurrency=1)
class ModelActor:
    """The run's one copy of the local model; requests and answers as plain data."""

    def __init__(self, spec: str):
        from learnact_engine.llm import make_backend

        self.backend = make_backend(spec)

    def model(self) -> str:
        return self.backend.model

    def complete(self, request: dict) -> dict:
        return completion_to_data(self.backend.complete_request(llm_request_from_data(request)))

    def discover_window(self):
        return self.backend.discover_window()

    def count_tokens(self, text: str) -> int | None:
        count = self.backend.tokenizer()
        return None if count is None else count(text)


class ActorLLM(LLM):
    """A worker's view of the model actor."""

    def __init__(self, actor):
        self.actor = actor
        self.model = ray.get(actor.model.remote())

    def complete_request(self, request: Request) -> Completion:
        return completion_from_data(ray.get(self.actor.complete.remote(llm_request_to_data(request))))

    def discover_window(self):
        return ray.get(self.actor.discover_window.remote())

    def tokenizer(self):
        if ray.get(self.actor.count_tokens.remote("")) is None:
            return None
        return lambda text: ray.get(self.actor.count_tokens.remote(text))


class GatedLLM(LLM):
    """An API backend whose every request holds one permit of the run's gate."""

    def __init__(self, inner: LLM, gate):
        self.inner, self.gate, self.model = inner, gate, inner.model
        self.holder = ray.get_runtime_context().get_actor_id() or f"pid-{os.getpid()}"

    def complete_request(self, request: Request) -> Completion:
        ray.get(self.gate.acquire.remote(self.holder))
        try:
            return self.inner.complete_request(request)
        finally:
            self.gate.release.remote(self.holder)

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def discover_window(self):
        return self.inner.discover_window()

    def tokenizer(self):
        return self.inner.tokenizer()

    def close(self) -> None:
        self.inner.close()


class SinkCassette(Cassette):
    """The run's cassette seen from a worker: read where the folder is reachable, and new answers
    kept in memory and handed to the driver (which writes them) instead of written here."""

    def __init__(self, root: str | Path):
        super().__init__(root)
        self.sink: list[dict] = []
        self._memo: dict[tuple[str, Request], Completion] = {}

    def get(self, model: str, request: Request):
        from learnact_engine.llm.cassette import Entry, request_key

        hit = self._memo.get((model, request))
        if hit is not None:
            return Entry(model, request_key(request), hit)
        return super().get(model, request)

    def put(self, model: str, request: Request, completion: Completion) -> Path:
        self._memo[(model, request)] = completion
        self.sink.append(entry_to_data(model, request, completion))
        return self.path_for(model, "")

    def start_episode(self) -> None:
        """Forget what the driver has been handed (it is in the run's cassette now): bounded memory."""
        self.sink.clear()
        self._memo.clear()


def worker_llm(llm: dict, gate=None, model=None) -> tuple[MeteredLLM, SinkCassette | None]:
    """The worker's agent LLM from the run's LLM description (see `RayExecutor.llm_config`)."""
    from learnact_engine.llm import LLMOptions, make_backend, make_llm
    from learnact_engine.llm.replay_backend import ReplayBackend

    window = llm.get("context_window")
    options = LLMOptions(context_window=window) if window is not None else None
    if llm["spec"].startswith("replay:"):
        return make_llm(llm["spec"], options=options), None
    for name, value in llm.get("env", {}).items():
        os.environ.setdefault(name, value)
    backend = ActorLLM(model) if model is not None else make_backend(llm["spec"], options)
    if gate is not None:
        backend = GatedLLM(backend, gate)
    cassette = None
    if llm.get("cache_dir"):
        cassette = SinkCassette(llm["cache_dir"])
        backend = ReplayBackend(cassette, inner=backend, mode=llm.get("cache_mode", "record-missing"))
    return (MeteredLLM(backend, context_window=window) if window is not None else MeteredLLM(backend)), cassette


@ray.remote(max_restarts=0)
class EpisodeWorker:
    def __init__(self, config: dict, gate=None, model=None):
        from learnact_engine.envs.registry import make_env
        from learnact_engine.sandbox import Limits, open_sandbox

        settings = config["settings"]
        factory = config.get("env_factory") or (lambda: make_env(settings.domain, **config["env_kwargs"]))
        llm, self.cassette = worker_llm(config["llm"], gate, model)
        sandbox = open_sandbox(config["sandbox"], Limits(**config["limits"]), pool_size=2)
        from learnact_engine.learners.roles import is_local_spec

        # the driver's output caps (learners.output_caps), so a worker sends the same requests
        self.ctx = RunContext(settings, llm, EnvPool(factory), sandbox,
                              local_agent=is_local_spec(str(config["llm"].get("spec", ""))))
        with self.ctx.envs.env():  # made (and its games compiled) now, not inside the first episode
            pass
        for runner in RUNNERS:  # the episode loops' modules imported now too
            runner_fn(runner)
        self.episodes = 0

    def where(self) -> dict:
        return {"pid": os.getpid(), "host": socket.gethostname(), "node": ray.get_runtime_context().get_node_id()}

    def run(self, request: dict, runner: str, state: dict | None = None) -> dict:
        """One episode; `state` is the driver context's plain fields (e.g. whether the agent is a
        local model), set here before it runs."""
        episode = request_from_data(request)
        for name, value in (state or {}).items():
            setattr(self.ctx, name, value)
        ledger = self.ctx.llm.ledger = Ledger()
        if hasattr(self.ctx, "truncated"):
            self.ctx.truncated = {}
        if self.cassette is not None:
            self.cassette.start_episode()
        record = runner_fn(runner)(self.ctx, episode)
        self.episodes += 1
        return {"record": record, "calls": calls_to_data(ledger.records),
                "notes": [list(n) for n in getattr(ledger, "notes", [])],
                "truncated": dict(getattr(self.ctx, "truncated", {})),
                "cassette": list(self.cassette.sink) if self.cassette is not None else []}

    def close(self) -> None:
        self.ctx.sandbox.close()
        self.ctx.envs.close()
        self.ctx.llm.close()
