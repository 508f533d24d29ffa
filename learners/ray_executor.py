"""The `ray` executor: a run's episodes on a Ray cluster, the run directory kept by the driver.

The driver connects to the cluster (`auto`: the one `ray start` made on this machine or
`RAY_ADDRESS`; `local`: a private one started here; or `host:port`), starts `--workers` episode
worker actors spread over the nodes (reused for the whole run) and hands them episode requests as
plain data, a couple queued per worker. As each record comes back, in whatever order, the driver
writes the worker's new cassette entries into the run's LLM cache, appends the record to
`episodes.jsonl` (one atomic line) and reports progress; episodes already in the run directory are
not sent at all (`--resume`). A worker that dies has its episodes run again on a fresh worker, at
most `max_retries` times each. An episode's own error (a replay miss, an LLM failure) is raised
in the driver as itself, after the episodes still in flight have been recorded.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable

import ray
import ray.exceptions as rex

from learnact_engine.learners.executors import ExecutorError, ExecutorOptions
from learnact_engine.learners.wire import calls_from_data, entry_from_data, request_to_data

_DEAD_WORKER = tuple(getattr(rex, name) for name in (
    "RayActorError", "ActorDiedError", "ActorUnavailableError", "WorkerCrashedError", "ObjectLostError",
    "OwnerDiedError", "NodeDiedError") if hasattr(rex, name))


@dataclass
class Slot:
    """One worker place: its current actor (replaced when it dies) and how many episodes it holds."""

    actor: Any
    load: int = 0
    where: dict = field(default_factory=dict)


class RayExecutor:
    def __init__(self, options: ExecutorOptions, *, settings, domain: str, env_kwargs: dict, sandbox: str,
                 limits: dict, llm_spec: str, cache_dir: str | None = None, env_factory: Callable | None = None,
                 llm_concurrency: int = 4, context_window: int | None = None,
                 owns_ray: bool = False, on_status: Callable[[str], None] | None = None):
        self.options = options
        self.on_status = on_status
        self.owns_ray = owns_ray  # shut Ray down at close: this run connected or started it
        self.config = {"settings": settings, "env_kwargs": dict(env_kwargs), "env_factory": env_factory,
                       "sandbox": sandbox, "limits": dict(limits),
                       "llm": llm_config(llm_spec, cache_dir, context_window)}
        self.count = settings.workers
        self.cache_dir = cache_dir
        self.llm_concurrency = llm_concurrency
        self.slots: list[Slot] = []
        self.gate = self.model = None
        self.retried = 0

    # -- cluster ---------------------------------------------------------------------------------
    def _status(self, text: str) -> None:
        if self.on_status is not None:
            self.on_status(text)

    def _start(self) -> None:
        from learnact_engine.learners.ray_workers import ConcurrencyGate, ModelActor

        if self.slots:
            return
        spec = self.config["llm"]["spec"]
        if spec.startswith("openai:"):
            self.gate = ConcurrencyGate.remote(self.llm_concurrency)
        elif spec.startswith("local"):
            self.model = ModelActor.options(num_cpus=self.options.worker_cpus).remote(spec)
        started = time.monotonic()
        self.slots = [Slot(self._new_actor()) for _ in range(self.count)]
        try:
            places = ray.get([slot.actor.where.remote() for slot in self.slots])
        except _DEAD_WORKER + (rex.RayTaskError,) as exc:
            raise ExecutorError(f"a Ray episode worker could not start: {_first_line(exc)}") from None
        for slot, where in zip(self.slots, places):
            slot.where = where
        nodes = len({w["node"] for w in places})
        self._status(f"ray: {self.count} episode worker(s) on {nodes} node(s), ready in "
                     f"{time.monotonic() - started:.1f} s")

    def _new_actor(self):
        from learnact_engine.learners.ray_workers import EpisodeWorker

        return EpisodeWorker.options(num_cpus=self.options.worker_cpus, scheduling_strategy="SPREAD").remote(
            self.config, self.gate, self.model)

    # -- episodes ------------------------------------------------------------------------------
    def run(self, ctx, requests: list, runner: str) -> list[dict]:
        results: list[dict | None] = [None] * len(requests)
        pending: deque[tuple[int, dict, int]] = deque()
        for index, request in enumerate(requests):
            done = ctx.run.lookup(request.key) if ctx.run is not None else None
            if done is not None:
                results[index] = done
            else:
                pending.append((index, request_to_data(request), 0))
        if pending:
            self._start()
            self._drive(ctx, pending, results, runner)
        return results  # type: ignore[return-value]

    def _drive(self, ctx, pending: deque, results: list, runner: str) -> None:
        inflight: dict[Any, tuple[Slot, Any, int, dict, int]] = {}
        error: BaseException | None = None
        state = context_state(ctx)
        while pending or inflight:
            if error is None:
                for slot in self.slots:
                    while pending and slot.load < self.options.inflight_per_worker:
                        index, data, attempt = pending.popleft()
                        inflight[slot.actor.run.remote(data, runner, state)] = (slot, slot.actor, index, data, attempt)
                        slot.load += 1
            if not inflight:
                break
            ready, _ = ray.wait(list(inflight), num_returns=1)
            slot, actor, index, data, attempt = inflight.pop(ready[0])
            slot.load -= 1
            try:
                answer = ray.get(ready[0])
            except rex.RayTaskError as exc:  # the episode itself failed: not the worker's death
                error = error or _cause(exc)
                continue
            except _DEAD_WORKER as exc:
                if slot.actor is actor:
                    if self.gate is not None:  # the LLM permits the dead worker held
                        self.gate.forget.remote(actor._actor_id.hex())
                    slot.actor = self._new_actor()
                if attempt >= self.options.max_retries:
                    error = error or ExecutorError(
                        f"episode {data['key']} lost its Ray worker {attempt + 1} time(s): {_first_line(exc)}")
                    continue
                self.retried += 1
                self._status(f"ray: a worker died; running episode {data['task']} again ({attempt + 1}/"
                             f"{self.options.max_retries})")
                pending.appendleft((index, data, attempt + 1))
                continue
            if not (isinstance(answer, dict) and isinstance(answer.get("record"), dict)
                    and answer["record"].get("key") == data["key"]):
                error = error or ExecutorError(f"a Ray worker answered episode {data['key']} with something else "
                                               "(is learnact-engine the same version on every node?)")
                continue
            results[index] = self._finish(ctx, answer)
        if error is not None:
            raise error

    def _finish(self, ctx, answer: dict) -> dict:
        from learnact_engine.learners.episode import finish_episode

        if answer["cassette"] and self.cache_dir:
            from learnact_engine.llm.cassette import Cassette

            cassette = Cassette(self.cache_dir)
            for entry in answer["cassette"]:
                cassette.put(*entry_from_data(entry))
        ledger = ctx.llm.ledger
        ledger.records.extend(calls_from_data(answer["calls"]))
        if hasattr(ledger, "notes"):
            ledger.notes.extend(tuple(note) for note in answer.get("notes", ()))
        for stage, count in answer.get("truncated", {}).items():
            for _ in range(count):
                ctx.count_truncated(stage)
        return finish_episode(ctx, answer["record"])

    def close(self) -> None:
        if ray.is_initialized():
            closing = [slot.actor.close.remote() for slot in self.slots]  # their sandboxes, envs, LLMs
            for ref in closing:
                try:
                    ray.get(ref, timeout=30)
                except Exception:  # noqa: BLE001, S110 - a dead or stuck worker is killed below anyway
                    pass
            for actor in [s.actor for s in self.slots] + [a for a in (self.gate, self.model) if a is not None]:
                ray.kill(actor)
        self.slots = []
        if self.owns_ray and ray.is_initialized():
            ray.shutdown()


def connect_ray(address: str) -> bool:
    """Connect this process to Ray (`auto`, `local` or HOST:PORT); False when it already was (a
    test's cluster, a notebook), and then that connection is used whatever the address."""
    if ray.is_initialized():
        return False
    kwargs: dict[str, Any] = dict(logging_level=logging.ERROR, log_to_driver=False, configure_logging=True)
    try:
        if address == "local":
            ray.init(include_dashboard=False, **kwargs)
        else:
            ray.init(address=address, **kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExecutorError(f"cannot reach a Ray cluster at {address!r} ({first}); start one with "
                            "`ray start --head` or pass --ray-address local") from None
    return True


def context_state(ctx) -> dict:
    """The driver context's plain fields (flags and counters like `local_agent`, `repeat`), which
    an episode may read; objects (LLMs, envs, run directory, callbacks) stay here."""
    return {f.name: getattr(ctx, f.name) for f in dataclasses.fields(ctx)
            if f.name != "settings" and isinstance(getattr(ctx, f.name), (bool, int, float, str))}


def llm_config(spec: str, cache_dir: str | None, context_window: int | None = None) -> dict:
    """How a worker makes its LLM: the spec, the run's cache and, for API backends, the
    endpoint settings from this environment (workers on other nodes lack them)."""
    env = {k: os.environ[k] for k in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID") if k in os.environ}
    return {"spec": spec, "cache_dir": cache_dir, "cache_mode": "record-missing", "context_window": context_window,
            "env": env if spec.startswith("openai:") else {}}


def _cause(exc: BaseException) -> BaseException:
    cause = getattr(exc, "cause", None)
    return cause if isinstance(cause, BaseException) else exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__
