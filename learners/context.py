"""What every method runs with: settings (with presets and per-domain defaults) and a RunContext
(LLMs, envs, sandbox, run directory, parallel map, progress)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Any, Callable, Iterable, Iterator, TypeVar

from learnact_engine.envs.base import TextEnv

_TRUNCATION_LOCK = threading.Lock()
T = TypeVar("T")
R = TypeVar("R")

PRESETS = ("clean", "paper")
DEMOS = ("material", "expert")

# The reference's per-domain settings (spec §1.6, §1.7, §3).
DOMAIN_DEFAULTS: dict[str, dict[str, Any]] = {
    "robotic_planning": dict(max_steps=30, memory=20, observation_mode="final", score_type="full",
                             error_context="single", system="You are a master in planning."),
    "alfworld": dict(max_steps=20, memory=50, observation_mode="concat", score_type="call_ratio_success",
                     error_context="full", system="You are a helpful assistant."),
}


@dataclass(frozen=True)
class Settings:
    domain: str
    method: str = "learnact"
    preset: str = "clean"
    seed: int = 0
    types: tuple[str, ...] = ()  # task types to use; empty = all
    train_per_type: int = 3
    select_per_type: int = 0  # clean preset: a separate selection split scores candidate sets
    test_per_type: int | None = None  # None = every test task of the type
    repeats: int = 1
    max_steps: int = 30  # test-time step cap (one learned call = one step)
    learn_max_steps: int = 10  # step cap while learning
    memory: int = 20  # history items (2 per step) kept in the agent prompt
    samples: int = 4  # K: candidate sets created / revisions per round
    iterations: int = 2  # revision rounds (so iterations + 1 evaluation rounds)
    validity_tries: int = 4
    max_reflections: int = 2
    sample_temperature: float = 0.0  # 0 = the reference (all K samples at T=0)
    observation_mode: str = "final"
    score_type: str = "full"
    error_context: str = "single"
    system: str = "You are a master in planning."
    constrain: bool = True  # grammar-constrained decoding of action lines and code blocks
    action_tokens: int = 48  # output caps for a local grammar-enforcing model only (see output_caps)
    code_tokens: int = 400
    max_output_tokens: int | None = None  # API backends: one cap for every stage (None = generous defaults)
    demo: str = "material"  # agent example: "material" (hand-written per game/type) | "expert" (a replay)
    primitives_return: bool = True  # False: primitives return None to learned code (paper preset, RP)
    # env steps one learned call may take: None = uncapped, as the reference (paper preset); the clean
    # preset caps it at the episode's step cap (max_steps), so no call does more than a whole episode
    call_step_cap: int | None = None
    workers: int = 1

    def __post_init__(self) -> None:
        if self.preset not in PRESETS:
            raise ValueError(f"unknown preset {self.preset!r}; choose one of {', '.join(PRESETS)}")
        for name in ("train_per_type", "repeats", "max_steps", "learn_max_steps", "memory", "samples",
                     "validity_tries", "workers"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.iterations < 0 or self.select_per_type < 0:
            raise ValueError("iterations and select_per_type must not be negative")
        if self.max_output_tokens is not None and self.max_output_tokens < 1:
            raise ValueError(f"max_output_tokens must be at least 1, got {self.max_output_tokens}")
        if self.demo not in DEMOS:
            raise ValueError(f"unknown demo {self.demo!r}; choose one of {', '.join(DEMOS)}")
        if self.call_step_cap is not None and self.call_step_cap < 1:
            raise ValueError(f"call_step_cap must be at least 1, got {self.call_step_cap}")

    @classmethod
    def for_domain(cls, domain: str, preset: str = "clean", **overrides: Any) -> "Settings":
        """Domain defaults, then the preset, then explicit overrides (None values are ignored)."""
        if domain not in DOMAIN_DEFAULTS:
            raise ValueError(f"unknown domain {domain!r}; choose one of {', '.join(sorted(DOMAIN_DEFAULTS))}")
        values: dict[str, Any] = dict(DOMAIN_DEFAULTS[domain])
        if preset == "paper":
            values.update(train_per_type=3, select_per_type=0, test_per_type=None, repeats=3,
                          sample_temperature=0.0, samples=4, iterations=2,
                          # the reference's PDDL wrappers return None to learned code (spec §1.7)
                          primitives_return=domain != "robotic_planning")
        else:  # clean: held-out test tasks, a selection split, diverse samples
            values.update(train_per_type=3, select_per_type=1, repeats=1, sample_temperature=0.7)
        values.update({k: v for k, v in overrides.items() if v is not None})
        if preset == "clean" and values.get("call_step_cap") is None:
            values["call_step_cap"] = values["max_steps"]
        if "types" in values:
            values["types"] = tuple(values["types"])
        return cls(domain=domain, preset=preset, **values)

    def to_dict(self) -> dict:
        return asdict(self)


def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


class EnvPool:
    """Envs for parallel episodes: one per worker thread, made on demand, reused."""

    def __init__(self, factory: Callable[[], TextEnv]):
        self.factory = factory
        self._free: queue.SimpleQueue[TextEnv] = queue.SimpleQueue()
        self._all: list[TextEnv] = []
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def env(self) -> Iterator[TextEnv]:
        try:
            env = self._free.get_nowait()
        except queue.Empty:
            env = self.factory()
            with self._lock:
                self._all.append(env)
        try:
            yield env
        finally:
            self._free.put(env)

    def close(self) -> None:
        for env in self._all:
            env.close()


@dataclass
class RunContext:
    settings: Settings
    llm: Any  # the agent LLM (MeteredLLM)
    envs: EnvPool
    sandbox: Any = None
    learner_llm: Any = None  # the learner LLM; defaults to the agent LLM
    run: Any = None  # RunDir or None (no persistence)
    on_episode: Callable[[dict], None] | None = None
    on_status: Callable[[str], None] | None = None
    cache: dict = field(default_factory=dict)  # demonstrations and other per-run memo
    executor: Any = None  # where run_episodes sends episodes (learners.executors); None = local threads
    repeat: int = 0  # paper preset: which independent learning run this context learns
    local_agent: bool = False  # the agent is a local grammar-enforcing model (its output caps stay)
    local_learner: bool = False
    truncated: dict = field(default_factory=dict)  # stage -> replies cut off by their length cap

    def __post_init__(self) -> None:
        if self.learner_llm is None:
            self.learner_llm = self.llm

    def count_truncated(self, stage: str) -> None:
        """A reply ended because of its length (finish_reason "length"): counted per stage."""
        with _TRUNCATION_LOCK:
            self.truncated[stage] = self.truncated.get(stage, 0) + 1

    def status(self, text: str) -> None:
        if self.on_status is not None:
            self.on_status(text)

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> list[R]:
        """fn over items, `workers` at a time; results in item order."""
        items = list(items)
        if self.settings.workers <= 1 or len(items) <= 1:
            return [fn(item) for item in items]
        with ThreadPoolExecutor(max_workers=self.settings.workers) as pool:
            return list(pool.map(fn, items))
