"""Token and cost accounting per call, per episode and per run; each LLM's context window.

`make_llm` wraps every backend in `MeteredLLM`, which records each completion in a `Ledger`.
It also owns the model's context window and token counter (one per LLM, so a run's agent and
learner models each have theirs): a request our count says does not fit is refused before it is
sent (`LLMContextError`), a reply budget that would overflow is clamped, a server's context-length
rejection lowers the window, and the run's spend limits are checked before every uncached call.
Reply problems (empty, cut by length, refusal; callers add unparseable ones) and context events
are noted in the ledger, per episode.
Learners label calls with an episode: `with llm.ledger.episode("task-7"): ...`. The label lives in a
context variable, so concurrent episodes in threads (each with its own context) stay apart.
Cache hits are counted apart: they cost nothing now, but their tokens say what a fresh run would spend.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import threading
import time
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Iterable, Iterator, Sequence

from learnact_engine.llm.context_window import ContextWindow, WindowHolder
from learnact_engine.llm.tokens import TokenCounter
from learnact_engine.llm.types import LLM, Completion, LLMContextError, Request

REPLY_PROBLEMS = ("empty", "length", "unparseable", "refusal")
CONTEXT_EVENTS = ("context_refused", "context_rejected", "context_trimmed", "context_retry", "context_episode")
MIN_REPLY_TOKENS = 16  # a request leaving less room than this for the reply is refused
_REFUSAL = re.compile(r"^\W*(i'?m sorry|i am sorry|sorry,? (but )?i|i cannot|i can'?t|i can not|i'?m unable|"
                      r"i am unable|i won'?t|as an ai\b)", re.I)


def reply_problems(completion: Completion) -> tuple[str, ...]:
    """What is wrong with a reply on its face: empty, cut by the token limit, a refusal."""
    problems = []
    if not completion.text.strip():
        problems.append("empty")
    if completion.finish_reason == "length":
        problems.append("length")
    if _REFUSAL.search(completion.text):
        problems.append("refusal")
    return tuple(problems)

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
    notes: list[tuple[str | None, str]] = field(default_factory=list)  # (episode, reply problem or context event)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def note(self, name: str, count: int = 1) -> None:
        """Count a reply problem or a context event under the current episode."""
        episode = _current_episode.get()
        with self._lock:
            self.notes.extend([(episode, name)] * count)

    def note_counts(self, names: Iterable[str] | None = None, episode: str | None = None,
                    outside_episodes: bool = False) -> dict[str, int]:
        """{name: count} over notes: of one episode, of calls outside any episode, or all."""
        wanted = set(names) if names is not None else None
        with self._lock:
            notes = list(self.notes)
        counts: Counter[str] = Counter()
        for label, name in notes:
            if wanted is not None and name not in wanted:
                continue
            if outside_episodes and label is not None:
                continue
            if episode is not None and label != episode:
                continue
            counts[name] += 1
        return dict(sorted(counts.items()))

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
            "context": self.note_counts(CONTEXT_EVENTS),
            "reply_problems": self.note_counts(REPLY_PROBLEMS),
        }

    def _snapshot(self) -> list[CallRecord]:
        with self._lock:
            return list(self.records)


class MeteredLLM(LLM):
    """Passes calls through to `inner`, records each completion in `ledger`, and keeps the model's
    context window, token counter and (optionally) the run's spend limits."""

    def __init__(self, inner: LLM, ledger: Ledger | None = None, *, context_window: int | None = None,
                 spend: Any = None):
        self.inner = inner
        self.model = inner.model
        self.ledger = ledger if ledger is not None else Ledger()
        self.spend = spend  # SpendLimit or None
        self.window_holder = WindowHolder(inner.model, context_window, inner.discover_window)
        self._counter: TokenCounter | None = None
        self._counter_lock = threading.Lock()

    @property
    def window(self) -> ContextWindow:
        return self.window_holder.get()

    @property
    def counter(self) -> TokenCounter:
        with self._counter_lock:
            if self._counter is None:
                try:
                    tokenize = self.inner.tokenizer()
                except Exception:  # noqa: BLE001 - no tokenizer: the estimate
                    tokenize = None
                backend = self.inner
                while getattr(backend, "inner", None) is not None:  # through a cassette to the backend
                    backend = backend.inner
                kind = "estimate" if tokenize is None else f"{type(backend).__name__} tokenizer"
                self._counter = TokenCounter(tokenize, kind)
            return self._counter

    def count_tokens(self, messages: Sequence[dict]) -> int:
        return self.counter.count_messages(messages)

    def complete_request(self, request: Request) -> Completion:
        messages = request.message_dicts()
        prompt = self.counter.count_messages(messages)
        window = self.window.tokens
        guessed = self.window.source == "default"  # nothing published the window: the server decides
        recorded = _is_recorded(self.inner, request)  # answered from the cassette: no server, no spend
        if not guessed and not recorded and prompt + min(request.max_tokens, MIN_REPLY_TOKENS) > window:
            self.ledger.note("context_refused")
            raise LLMContextError(f"{self.model}: a prompt of about {prompt} tokens does not fit the context "
                                  f"window of {window} tokens", window=window, prompt_tokens=prompt)
        if not guessed and prompt + request.max_tokens > window:  # the reply gets the room left
            request = replace(request, reply_room=window - prompt)
        held = None
        if self.spend is not None and not recorded:
            held = self.spend.reserve(self.model, prompt, request.wire_max_tokens)
        try:
            completion = self.inner.complete_request(request)
        except LLMContextError as exc:
            self.ledger.note("context_rejected")
            if exc.prompt_tokens:  # the server's own count of this prompt corrects ours
                self.counter.observe(messages, exc.prompt_tokens)
            self.window_holder.learn(exc.window if exc.window is not None else max(prompt - 1, 0))
            raise
        finally:
            if held is not None:
                self.spend.release(held)
        self.counter.observe(messages, completion.usage.prompt_tokens)
        self.ledger.record(completion)
        for problem in reply_problems(completion):
            self.ledger.note(problem)
        if self.spend is not None and not completion.cached:
            self.spend.add(completion.usage.total_tokens, completion.cost_usd)
        return completion

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def context_info(self) -> dict[str, Any]:
        """The window and how tokens are counted, for config.json and `chat --json`."""
        return {**self.window.to_dict(), "counter": self.counter.describe()}

    def close(self) -> None:
        self.inner.close()


def _is_recorded(inner: LLM, request: Request) -> bool:
    check = getattr(inner, "is_recorded", None)
    return bool(check(request)) if check is not None else False
