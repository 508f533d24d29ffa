"""Token and cost accounting per call, per episode and per run.

`make_llm` wraps every backend in `MeteredLLM`, which records each completion in a `Ledger`.
Learners label calls with an episode: `with llm.ledger.episode("task-7"): ...`. The label lives in a
context variable, so concurrent episodes in threads (each with its own context) stay apart.
Cache hits are counted apart: they cost nothing now, but their tokens say what a fresh run would spend.
"""

from __future__ import annotations

import contextlib
import contextvars
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator

from learnact_engine.llm.types import LLM, Completion, Request

_current_episode: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "learnact_llm_episode", default=None
)


@dataclass(frozen=True)
class CallRecord:
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float | None
    cached: bool
    latency_s: float
    episode: str | None
    at: float


@dataclass
class Totals:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    # Calls whose model has no known price: their cost is not in cost_usd.
    unpriced_calls: int = 0
    latency_s: float = 0.0
    cached_calls: int = 0
    cached_prompt_tokens: int = 0
    cached_completion_tokens: int = 0

    def add(self, record: CallRecord) -> None:
        if record.cached:
            self.cached_calls += 1
            self.cached_prompt_tokens += record.prompt_tokens
            self.cached_completion_tokens += record.completion_tokens
            return
        self.calls += 1
        self.prompt_tokens += record.prompt_tokens
        self.completion_tokens += record.completion_tokens
        self.latency_s += record.latency_s
        if record.cost_usd is None:
            self.unpriced_calls += 1
        else:
            self.cost_usd += record.cost_usd

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["cost_usd"] = round(self.cost_usd, 6)
        data["latency_s"] = round(self.latency_s, 3)
        return data


@dataclass
class Ledger:
    """Thread-safe record of every call of a run."""

    records: list[CallRecord] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @contextlib.contextmanager
    def episode(self, label: str) -> Iterator[None]:
        token = _current_episode.set(label)
        try:
            yield
        finally:
            _current_episode.reset(token)

    def record(self, completion: Completion) -> CallRecord:
        record = CallRecord(
            model=completion.model,
            prompt_tokens=completion.usage.prompt_tokens,
            completion_tokens=completion.usage.completion_tokens,
            cost_usd=completion.cost_usd,
            cached=completion.cached,
            latency_s=completion.latency_s,
            episode=_current_episode.get(),
            at=time.time(),
        )
        with self._lock:
            self.records.append(record)
        return record

    def run_totals(self) -> Totals:
        totals = Totals()
        for record in self._snapshot():
            totals.add(record)
        return totals

    def episode_totals(self, label: str) -> Totals:
        totals = Totals()
        for record in self._snapshot():
            if record.episode == label:
                totals.add(record)
        return totals

    def by_episode(self) -> dict[str | None, Totals]:
        """Totals per episode label; calls made outside any episode are under None."""
        grouped: dict[str | None, Totals] = {}
        for record in self._snapshot():
            grouped.setdefault(record.episode, Totals()).add(record)
        return grouped

    def by_model(self) -> dict[str, Totals]:
        grouped: dict[str, Totals] = {}
        for record in self._snapshot():
            grouped.setdefault(record.model, Totals()).add(record)
        return grouped

    def summary(self) -> dict[str, Any]:
        """Run totals and per-model totals, ready for summary.json."""
        return {
            "run": self.run_totals().to_dict(),
            "by_model": {model: t.to_dict() for model, t in sorted(self.by_model().items())},
        }

    def _snapshot(self) -> list[CallRecord]:
        with self._lock:
            return list(self.records)


class MeteredLLM(LLM):
    """Passes calls through to `inner` and records each completion in `ledger`."""

    def __init__(self, inner: LLM, ledger: Ledger | None = None):
        self.inner = inner
        self.model = inner.model
        self.ledger = ledger if ledger is not None else Ledger()

    def complete_request(self, request: Request) -> Completion:
        completion = self.inner.complete_request(request)
        self.ledger.record(completion)
        return completion

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def close(self) -> None:
        self.inner.close()
