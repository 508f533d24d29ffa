"""Where a batch of episodes runs: `run_episodes(ctx, requests)` -> their records, in request order.

Two executors behind one contract (`run(ctx, requests, runner) -> records`):
- `local` (the default): this process, `--workers` threads, each episode through `run_episode`,
  which skips episodes the run directory already holds and appends each finished one;
- `ray`: a Ray cluster (`learners.ray_executor`), episodes shipped as plain data to reusable worker
  actors; the driver still owns the run directory (skip, append) and the progress callbacks.

The runner names the episode loop: `agent` (step by step, every method but one) or `program`
(Code-as-Policy's one open-loop program). Ray is imported only when the `ray` executor is made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol

EXECUTORS = ("local", "ray")
NO_RAY = "--executor ray needs Ray: pip install 'learnact-engine[ray]'"
RUNNERS = ("agent", "program")


class ExecutorError(Exception):
    """The executor cannot start (Ray missing, no cluster at the address, bad options)."""


@dataclass(frozen=True)
class ExecutorOptions:
    kind: str = "local"
    address: str | None = None  # ray: "auto" (an existing cluster), "local" (start one here) or host:port
    worker_cpus: float = 1.0  # ray: CPUs each worker actor reserves
    max_retries: int = 3  # ray: how often an episode whose worker died is run again elsewhere
    inflight_per_worker: int = 2  # ray: episodes queued on each worker (hides the round trip)

    def __post_init__(self) -> None:
        if self.kind not in EXECUTORS:
            raise ExecutorError(f"unknown executor {self.kind!r}; choose one of {', '.join(EXECUTORS)}")
        if self.address is not None and self.kind != "ray":
            raise ExecutorError("--ray-address needs --executor ray")
        if self.max_retries < 0 or self.inflight_per_worker < 1 or self.worker_cpus < 0:
            raise ExecutorError("bad executor options")


def check_address(address: str | None, timeout_s: float = 5.0) -> None:
    """For a HOST:PORT Ray address, that something listens there (Ray itself would wait minutes)."""
    import socket

    if not address or address in ("auto", "local") or "://" in address:
        return
    host, sep, port = address.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ExecutorError(f"bad --ray-address {address!r}: expected auto, local or HOST:PORT")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout_s):
            pass
    except OSError as exc:
        raise ExecutorError(f"no Ray cluster answers at {address} ({exc.strerror or exc}); "
                            "start one with `ray start --head` or pass --ray-address local") from None


class EpisodeExecutor(Protocol):
    def run(self, ctx, requests: list, runner: str) -> list[dict]: ...

    def close(self) -> None: ...


def runner_fn(runner: str) -> Callable:
    from learnact_engine.learners.code_as_policy import run_program_episode
    from learnact_engine.learners.episode import run_episode

    if runner not in RUNNERS:
        raise ValueError(f"unknown episode runner {runner!r}")
    return run_program_episode if runner == "program" else run_episode


class LocalExecutor:
    """Today's behaviour: threads in this process (`RunContext.map`)."""

    def run(self, ctx, requests: list, runner: str) -> list[dict]:
        fn = runner_fn(runner)
        return ctx.map(lambda request: fn(ctx, request), requests)

    def close(self) -> None:
        pass


def run_episodes(ctx, requests: list, runner: str = "agent") -> list[dict]:
    """The records of `requests` (EpisodeRequest), in their order, on the run's executor."""
    executor = getattr(ctx, "executor", None) or LocalExecutor()
    return executor.run(ctx, list(requests), runner)


def ray_available() -> bool:
    """Whether Ray is installed (a folder named `ray` on the path without Ray in it does not count)."""
    import importlib.util

    try:
        spec = importlib.util.find_spec("ray")
    except (ImportError, ValueError):
        return False
    return spec is not None and spec.origin is not None


def connect(options: ExecutorOptions) -> bool | None:
    """Reach the executor's cluster before a run writes anything (a bad address fails first).
    For `ray`: True when this call connected (or started) Ray, False when it was connected already."""
    if options.kind == "local":
        return None
    if not ray_available():
        raise ExecutorError(NO_RAY)
    from learnact_engine.learners.ray_executor import connect_ray

    return connect_ray(options.address or "auto")


def make_executor(options: ExecutorOptions, owns_cluster: bool | None = None, **worker_config) -> EpisodeExecutor:
    """The executor the options name; `worker_config` tells Ray workers how to build their env,
    sandbox and LLM (see `RayExecutor`); `owns_cluster` is what `connect` said (None: connect now)."""
    if options.kind == "local":
        return LocalExecutor()
    if owns_cluster is None:
        owns_cluster = connect(options)
    from learnact_engine.learners.ray_executor import RayExecutor

    return RayExecutor(options, owns_ray=bool(owns_cluster), **worker_config)
