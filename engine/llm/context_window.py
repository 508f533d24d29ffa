"""A model's context window: how many tokens a prompt plus its reply may hold.

Where the number comes from, first found wins:
1. `--context-window N` (the user knows best);
2. the backend itself: a local GGUF model's `n_ctx`; an OpenAI-compatible server's own metadata
   (llama.cpp server `GET /props` -> `default_generation_settings.n_ctx`; vLLM `GET /v1/models` ->
   `max_model_len`);
3. the table below for known OpenAI model names;
4. `DEFAULT_WINDOW`, a small, safe default.

A server's context-length rejection ("maximum context length is 4096 tokens") teaches the window
it names, so a wrong guess costs one trimmed retry, not the run. The paper preset's history budget
is the reference's: 4,096 tokens for GPT-3.5 models and 8,192 for the rest (its GPT-4).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any, Callable

DEFAULT_WINDOW = 4096
MIN_WINDOW = 256

# Prefix -> window; the longest matching prefix wins ("gpt-4o-mini-2024-07-18" -> "gpt-4o").
KNOWN_WINDOWS: dict[str, int] = {
    "gpt-3.5-turbo": 16_385,
    "gpt-3.5-turbo-instruct": 4_096,
    "gpt-3.5-turbo-0613": 4_096,
    "gpt-3.5-turbo-0301": 4_096,
    "gpt-35-turbo": 4_096,
    "gpt-4": 8_192,
    "gpt-4-32k": 32_768,
    "gpt-4-turbo": 128_000,
    "gpt-4-1106": 128_000,
    "gpt-4-0125": 128_000,
    "gpt-4o": 128_000,
    "gpt-4.1": 1_047_576,
    "gpt-4.5": 128_000,
    "gpt-5": 400_000,
    "o1": 200_000,
    "o3": 200_000,
    "o4-mini": 200_000,
}

# The reference's get_max_context_length: gpt-3.5 -> 4096, gpt-4 -> 8192 (its only two models).
PAPER_BUDGETS: dict[str, int] = {"gpt-3.5": 4_096, "gpt-35": 4_096}
PAPER_DEFAULT_BUDGET = 8_192

_REJECTION_PATTERNS = (
    re.compile(r"maximum context length is (\d+)", re.I),
    re.compile(r"context (?:window|length|size) of (\d+)", re.I),
    re.compile(r"exceeds? (?:the )?(?:available )?context (?:size|length|window)[^\d]{0,40}(\d+)", re.I),
    re.compile(r"n_ctx[^\d]{0,10}(\d+)", re.I),
)
_REJECTION_WORDS = re.compile(
    r"context[ _-]?(length|window|size)|maximum context|too many tokens|prompt is too long|"
    r"exceeds? (?:the )?(?:available )?context|n_ctx|input is too long|reduce the length", re.I)


def known_window(model: str) -> int | None:
    """The window of a known OpenAI model name (dated snapshots and "openai/" prefixes included)."""
    name = model.split("/")[-1].lower()
    best = max((p for p in KNOWN_WINDOWS if name.startswith(p)), key=len, default=None)
    return KNOWN_WINDOWS[best] if best else None


def paper_budget(model: str) -> int:
    name = model.split("/")[-1].lower()
    for prefix, budget in PAPER_BUDGETS.items():
        if name.startswith(prefix):
            return budget
    return PAPER_DEFAULT_BUDGET


def is_context_rejection(message: str) -> bool:
    return bool(_REJECTION_WORDS.search(message or ""))


def window_from_rejection(message: str) -> int | None:
    """The window a context-length rejection names, if it names one."""
    for pattern in _REJECTION_PATTERNS:
        match = pattern.search(message or "")
        if match:
            value = int(match.group(1))
            if value >= MIN_WINDOW:
                return value
    return None


_PROMPT_TOKENS = (re.compile(r"(\d+) in the messages", re.I), re.compile(r"requested tokens \((\d+)\)", re.I))


def prompt_tokens_from_rejection(message: str) -> int | None:
    """The prompt's real token count, when a rejection states it."""
    for pattern in _PROMPT_TOKENS:
        match = pattern.search(message or "")
        if match:
            return int(match.group(1))
    return None


@dataclass(frozen=True)
class ContextWindow:
    tokens: int
    source: str  # flag | local n_ctx | llama.cpp /props | vLLM /v1/models | known model | default | server rejection

    def to_dict(self) -> dict[str, Any]:
        return {"tokens": self.tokens, "source": self.source}


class WindowHolder:
    """One LLM's window: resolved once (lazily, so a replay never touches the network), then lowered
    when a server rejection names a smaller one. Thread-safe."""

    def __init__(self, model: str, override: int | None, discover: Callable[[], tuple[int, str] | None]):
        if override is not None and override < MIN_WINDOW:
            raise ValueError(f"context window must be at least {MIN_WINDOW} tokens, got {override}")
        self.model = model
        self._override = override
        self._discover = discover
        self._window: ContextWindow | None = None
        self._lock = threading.Lock()

    def get(self) -> ContextWindow:
        with self._lock:
            if self._window is None:
                self._window = self._resolve()
            return self._window

    def _resolve(self) -> ContextWindow:
        if self._override is not None:
            return ContextWindow(self._override, "flag")
        try:
            found = self._discover()
        except Exception:  # noqa: BLE001 - discovery is best effort; a default follows
            found = None
        if found is not None and found[0] >= MIN_WINDOW:
            return ContextWindow(int(found[0]), found[1])
        table = known_window(self.model)
        if table is not None:
            return ContextWindow(table, "known model")
        return ContextWindow(DEFAULT_WINDOW, "default")

    def learn(self, tokens: int | None, source: str = "server rejection") -> ContextWindow:
        """Lower the window to what a rejection named (never raise it: the smaller one is the truth)."""
        current = self.get()
        with self._lock:
            if tokens is not None and MIN_WINDOW <= tokens < current.tokens:
                self._window = ContextWindow(tokens, source)
            return self._window or current
