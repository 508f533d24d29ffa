"""A run's spend limits: `--max-cost USD` and `--max-tokens N`, shared by every LLM of the run.

Before each call that is not already in the run's cassette, the call's worst case (its counted prompt
plus its full reply budget, priced) is added to what the run has spent so far and to the worst cases
of the calls still in flight (parallel episodes); when that would pass a limit, `LLMBudgetError`
stops the run before the call is made, so a limit is never exceeded.
Spending is kept in the run directory (`spend.json`, rewritten after every call) and carried
over by `--resume`: a stopped run continues with a higher limit and keeps what it finished.
Cached answers cost nothing and count nothing.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from learnact_engine.llm.pricing import PriceTable
from learnact_engine.llm.types import LLMBudgetError, Usage

SPEND_FILE = "spend.json"


@dataclass(frozen=True)
class Spent:
    tokens: int = 0
    cost_usd: float = 0.0
    calls: int = 0

    def to_dict(self) -> dict:
        return {"tokens": self.tokens, "cost_usd": round(self.cost_usd, 6), "calls": self.calls}


class SpendLimit:
    def __init__(self, max_cost_usd: float | None = None, max_tokens: int | None = None,
                 path: str | Path | None = None, prices: PriceTable | None = None):
        if max_cost_usd is not None and max_cost_usd <= 0:
            raise ValueError(f"--max-cost must be a positive number of USD, got {max_cost_usd}")
        if max_tokens is not None and max_tokens < 1:
            raise ValueError(f"--max-tokens must be a positive number of tokens, got {max_tokens}")
        self.max_cost_usd = max_cost_usd
        self.max_tokens = max_tokens
        self.path = Path(path) if path is not None else None
        self.prices = prices or PriceTable()
        self._lock = threading.Lock()
        self.previous = self._load()  # spent by earlier sessions of this run
        self._now = Spent()
        self._reserved = Spent()  # worst cases of the calls in flight (parallel episodes)

    @property
    def limited(self) -> bool:
        return self.max_cost_usd is not None or self.max_tokens is not None

    def spent(self) -> Spent:
        with self._lock:
            return Spent(self.previous.tokens + self._now.tokens, self.previous.cost_usd + self._now.cost_usd,
                         self.previous.calls + self._now.calls)

    def reserve(self, model: str, prompt_tokens: int, max_reply_tokens: int) -> Spent:
        """Hold this call's worst case against the limits (with the other calls in flight), or raise
        LLMBudgetError when it would pass one. Give the hold back with `release` or `add`."""
        worst = Spent(prompt_tokens + max_reply_tokens,
                      self.prices.cost(model, Usage(prompt_tokens, max_reply_tokens)) or 0.0, 0)
        if not self.limited:
            return Spent()
        with self._lock:
            spent = self.previous.tokens + self._now.tokens, self.previous.cost_usd + self._now.cost_usd
            held = self._reserved
            if self.max_tokens is not None and spent[0] + held.tokens + worst.tokens > self.max_tokens:
                raise LLMBudgetError(
                    f"token limit reached: {spent[0]:,} of --max-tokens {self.max_tokens:,} spent, and the next "
                    f"call may take up to {worst.tokens:,} more")
            if self.max_cost_usd is not None and spent[1] + held.cost_usd + worst.cost_usd > self.max_cost_usd:
                raise LLMBudgetError(
                    f"cost limit reached: ${spent[1]:.4f} of --max-cost ${self.max_cost_usd:.4f} spent, and "
                    f"the next call may cost up to ${worst.cost_usd:.4f} more")
            self._reserved = Spent(held.tokens + worst.tokens, held.cost_usd + worst.cost_usd, 0)
        return worst

    def release(self, held: Spent) -> None:
        with self._lock:
            self._reserved = Spent(self._reserved.tokens - held.tokens, self._reserved.cost_usd - held.cost_usd, 0)

    def add(self, tokens: int, cost_usd: float | None) -> None:
        with self._lock:
            self._now = Spent(self._now.tokens + tokens, self._now.cost_usd + (cost_usd or 0.0), self._now.calls + 1)
            total = Spent(self.previous.tokens + self._now.tokens, self.previous.cost_usd + self._now.cost_usd,
                          self.previous.calls + self._now.calls)
            if self.path is not None:
                _write_atomic(self.path, json.dumps(total.to_dict()))

    def describe(self) -> dict:
        return {"max_cost_usd": self.max_cost_usd, "max_tokens": self.max_tokens, "spent": self.spent().to_dict()}

    def _load(self) -> Spent:
        if self.path is None or not self.path.is_file():
            return Spent()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return Spent(int(data.get("tokens", 0)), float(data.get("cost_usd", 0.0)), int(data.get("calls", 0)))
        except (OSError, ValueError, TypeError, AttributeError):
            return Spent()


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
