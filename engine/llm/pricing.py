"""Token prices per model, so a run can report what it cost.

Prices are USD per million tokens, list prices as published by the vendor (checked 2025). They change:
users override or extend the table with a JSON file (`--prices FILE` or $LEARNACT_LLM_PRICES):
`{"my-model": {"input_per_mtok": 0.5, "output_per_mtok": 1.5}}`.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from learnact_engine.llm.types import LLMConfigError, Usage

PRICES_ENV = "LEARNACT_LLM_PRICES"


@dataclass(frozen=True)
class Price:
    input_per_mtok: float
    output_per_mtok: float

    def cost(self, usage: Usage) -> float:
        return (
            usage.prompt_tokens * self.input_per_mtok + usage.completion_tokens * self.output_per_mtok
        ) / 1_000_000


DEFAULT_PRICES: dict[str, Price] = {
    "gpt-3.5-turbo": Price(0.50, 1.50),
    "gpt-4": Price(30.00, 60.00),
    "gpt-4-turbo": Price(10.00, 30.00),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "o1": Price(15.00, 60.00),
    "o3": Price(2.00, 8.00),
    "o3-mini": Price(1.10, 4.40),
    "o4-mini": Price(1.10, 4.40),
    "gpt-5": Price(1.25, 10.00),
    "gpt-5-mini": Price(0.25, 2.00),
    "gpt-5-nano": Price(0.05, 0.40),
}

# Dated snapshots ("gpt-4o-2024-08-06", "gpt-4-0613") cost what their family costs.
_SNAPSHOT_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4})$")


class PriceTable:
    def __init__(self, prices: Mapping[str, Price] | None = None):
        self._prices = dict(DEFAULT_PRICES if prices is None else prices)

    def price_for(self, model: str) -> Price | None:
        name = model.split("/")[-1]  # "openai/gpt-4o" as some proxies name it
        if name in self._prices:
            return self._prices[name]
        base = _SNAPSHOT_SUFFIX.sub("", name)
        return self._prices.get(base)

    def cost(self, model: str, usage: Usage) -> float | None:
        """USD for one call, or None when the model's price is unknown."""
        price = self.price_for(model)
        return None if price is None else price.cost(usage)

    def with_overrides(self, overrides: Mapping[str, Price]) -> "PriceTable":
        merged = dict(self._prices)
        merged.update(overrides)
        return PriceTable(merged)

    def as_dict(self) -> dict[str, dict[str, float]]:
        return {
            name: {"input_per_mtok": p.input_per_mtok, "output_per_mtok": p.output_per_mtok}
            for name, p in sorted(self._prices.items())
        }


def parse_price_overrides(data: object, source: str) -> dict[str, Price]:
    if not isinstance(data, dict):
        raise LLMConfigError(f"{source}: expected a JSON object mapping model names to prices")
    overrides: dict[str, Price] = {}
    for model, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != {"input_per_mtok", "output_per_mtok"}:
            raise LLMConfigError(
                f"{source}: price of {model!r} must be "
                '{"input_per_mtok": NUMBER, "output_per_mtok": NUMBER}'
            )
        values = entry["input_per_mtok"], entry["output_per_mtok"]
        if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in values):
            raise LLMConfigError(f"{source}: prices of {model!r} must be non-negative numbers")
        overrides[model] = Price(float(values[0]), float(values[1]))
    return overrides


def load_price_table(path: str | Path | None = None) -> PriceTable:
    """The default table, overridden by `path` or else by the file named in $LEARNACT_LLM_PRICES."""
    path = path or os.environ.get(PRICES_ENV)
    table = PriceTable()
    if not path:
        return table
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LLMConfigError(f"price file not found: {path}") from None
    except json.JSONDecodeError as exc:
        raise LLMConfigError(f"price file {path} is not valid JSON: {exc}") from None
    return table.with_overrides(parse_price_overrides(data, str(path)))
