"""Backend `replay`: answers from a cassette, optionally recording what another backend says.

Modes:
- `record`: always ask the inner backend and (over)write the entry;
- `replay`: answer only from the cassette; a miss is a `ReplayMissError` naming the request.
  The inner backend, if any, is never called, so a replayed run makes no network call;
- `record-missing`: answer from the cassette when it can, else ask the inner backend and record.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from learnact_engine.llm.cassette import Cassette, request_key
from learnact_engine.llm.types import LLM, Completion, LLMConfigError, LLMError, Request

CACHE_MODES = ("record", "replay", "record-missing")


class ReplayMissError(LLMError):
    """A replay found no recorded answer for a request."""


class ReplayBackend(LLM):
    def __init__(self, cassette: Cassette | str | Path, inner: LLM | None = None, mode: str = "replay"):
        if mode not in CACHE_MODES:
            raise LLMConfigError(f"unknown cache mode {mode!r}; expected one of {', '.join(CACHE_MODES)}")
        if inner is None and mode != "replay":
            raise LLMConfigError(f"cache mode {mode!r} needs a backend to record from")
        self.cassette = cassette if isinstance(cassette, Cassette) else Cassette(cassette)
        if inner is None and not self.cassette.root.is_dir():
            raise LLMConfigError(f"no cassette at {self.cassette.root}")
        self.inner = inner
        self.mode = mode
        self.model = inner.model if inner is not None else "replay"
        # Two threads asking the same new question record it once.
        self._recording: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def describe(self) -> dict[str, Any]:
        info = {"backend": "replay", "mode": self.mode, "cassette": str(self.cassette.root)}
        if self.inner is not None:
            info["inner"] = self.inner.describe()
            info["model"] = self.inner.model
        else:
            info["model"] = self.model
        return info

    def complete_request(self, request: Request) -> Completion:
        if self.mode == "record":
            return self._record(request)
        started = time.perf_counter()
        hit = self._lookup(request)
        if hit is not None:
            # Tokens as recorded (what a fresh run would spend), but nothing spent now.
            return replace(hit, cached=True, cost_usd=0.0, latency_s=time.perf_counter() - started)
        if self.mode == "replay":
            raise self._miss(request)
        with self._lock_for(request):
            hit = self._lookup(request)  # another thread may have recorded it meanwhile
            if hit is not None:
                return replace(hit, cached=True, cost_usd=0.0, latency_s=time.perf_counter() - started)
            return self._record(request)

    def close(self) -> None:
        if self.inner is not None:
            self.inner.close()

    def discover_window(self) -> tuple[int, str] | None:
        # A pure replay asks nobody: the window is then the flag's, the table's or the default.
        return self.inner.discover_window() if self.inner is not None and self.mode != "replay" else None

    def tokenizer(self):
        return self.inner.tokenizer() if self.inner is not None and self.mode != "replay" else None

    def is_recorded(self, request: Request) -> bool:
        """Whether this request will be answered from the cassette (free), not by the backend."""
        if self.mode == "record":
            return False
        try:
            return self._lookup(request) is not None
        except (ValueError, ReplayMissError):
            return False

    def _record(self, request: Request) -> Completion:
        assert self.inner is not None
        completion = self.inner.complete_request(request)
        self.cassette.put(self.inner.model, request, completion)
        return completion

    def _lookup(self, request: Request) -> Completion | None:
        if self.inner is not None:
            entry = self.cassette.get(self.inner.model, request)
            return entry.completion if entry else None
        entries = self.cassette.find_any_model(request)
        if not entries:
            return None
        if len({e.completion.text for e in entries}) > 1:
            models = ", ".join(e.model for e in entries)
            raise ReplayMissError(
                f"cassette {self.cassette.root} holds different answers from several models "
                f"({models}) for {request.preview()}; replay with --llm MODEL_SPEC "
                "--cache-dir DIR --cache-mode replay to pick one"
            )
        return entries[0].completion

    def _miss(self, request: Request) -> ReplayMissError:
        model = self.inner.model if self.inner is not None else "any model"
        recorded = len(self.cassette)
        return ReplayMissError(
            f"replay miss: cassette {self.cassette.root} ({recorded} entries) has no answer from "
            f"{model} for {request.preview()} (key {request_key(request)[:16]}, "
            f"temperature={request.temperature}, seed={request.seed}, max_tokens={request.max_tokens}, "
            f"stop={list(request.stop)}, grammar={'yes' if request.grammar else 'no'}); "
            "record it with cache mode 'record-missing'"
        )

    def _lock_for(self, request: Request) -> threading.Lock:
        key = request_key(request)
        with self._guard:
            return self._recording.setdefault(key, threading.Lock())
