"""From a spec string to a ready LLM: `make_llm("openai:gpt-4o", cache_dir=run/"llm-cache")`.

Specs:
- `local`              the embedded default model (SmolLM2-135M-Instruct);
- `local:PATH.gguf`    any GGUF model file;
- `openai:MODEL`       an OpenAI-compatible endpoint (base URL and key from options or $OPENAI_*);
- `replay:DIR`         answers only from the cassette at DIR (no backend, no network).

With `cache_dir`, the backend is wrapped in a cassette there (`cache_mode`: record, replay,
record-missing), which is how a learner keeps a run directory's `llm-cache`. Every LLM returned is a
`MeteredLLM`: `llm.ledger` holds its tokens and costs, `llm.window` its context window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from learnact_engine.llm.accounting import Ledger, MeteredLLM
from learnact_engine.llm.pricing import PriceTable
from learnact_engine.llm.retry import RetryPolicy
from learnact_engine.llm.spend import SpendLimit
from learnact_engine.llm.types import LLM, LLMConfigError

SPEC_FORMS = "local, local:PATH.gguf, openai:MODEL, replay:DIR"


@dataclass
class LLMOptions:
    """Backend settings that do not fit in a spec string (CLI flags fill these)."""

    base_url: str | None = None
    api_key: str | None = None
    timeout_s: float = 120.0
    max_concurrency: int = 4
    retry_policy: RetryPolicy = field(default_factory=RetryPolicy)
    grammar_field: str | None = None
    threads: int | None = None
    n_ctx: int | None = None
    prices: PriceTable | None = None
    context_window: int | None = None  # tokens; None = discovered (see context_window.py)


@dataclass(frozen=True)
class ParsedSpec:
    backend: str  # "local" | "openai" | "replay"
    target: str | None  # model path, model name or cassette directory


def parse_spec(spec: str) -> ParsedSpec:
    if not isinstance(spec, str) or not spec.strip():
        raise LLMConfigError(f"empty LLM spec; expected one of: {SPEC_FORMS}")
    spec = spec.strip()
    backend, sep, target = spec.partition(":")
    if backend == "local":
        if sep and not target:
            raise LLMConfigError("local: needs a model file, e.g. local:/models/qwen.gguf (or just 'local')")
        return ParsedSpec("local", target or None)
    if backend == "openai":
        if not target:
            raise LLMConfigError("openai needs a model name, e.g. openai:gpt-4o-mini")
        return ParsedSpec("openai", target)
    if backend == "replay":
        if not target:
            raise LLMConfigError("replay needs a cassette directory, e.g. replay:runs/r1/llm-cache")
        return ParsedSpec("replay", target)
    raise LLMConfigError(f"unknown LLM spec {spec!r}; expected one of: {SPEC_FORMS}")


def make_backend(spec: str, options: LLMOptions | None = None) -> LLM:
    """The bare backend a spec names (no cassette, no metering)."""
    from learnact_engine.llm.replay_backend import ReplayBackend

    options = options or LLMOptions()
    parsed = parse_spec(spec)
    if parsed.backend == "local":
        from learnact_engine.llm.local_backend import DEFAULT_N_CTX, LocalBackend

        return LocalBackend(parsed.target, n_ctx=options.n_ctx or DEFAULT_N_CTX, threads=options.threads)
    if parsed.backend == "openai":
        from learnact_engine.llm.openai_backend import OpenAIBackend

        return OpenAIBackend(
            parsed.target or "",
            base_url=options.base_url,
            api_key=options.api_key,
            timeout_s=options.timeout_s,
            max_concurrency=options.max_concurrency,
            retry_policy=options.retry_policy,
            prices=options.prices,
            grammar_field=options.grammar_field,
        )
    return ReplayBackend(Path(parsed.target or ""), inner=None, mode="replay")


def make_llm(
    spec: str,
    cache_dir: str | Path | None = None,
    cache_mode: str = "record-missing",
    options: LLMOptions | None = None,
    ledger: Ledger | None = None,
    spend: SpendLimit | None = None,
) -> MeteredLLM:
    """The LLM a method uses: the spec's backend, optionally behind a cassette, always metered,
    with its own context window (`options.context_window` or discovered) and the run's spend limits."""
    from learnact_engine.llm.replay_backend import ReplayBackend

    backend = make_backend(spec, options)
    if cache_dir is not None:
        if isinstance(backend, ReplayBackend):
            raise LLMConfigError("replay:DIR is already a cassette; give a cache directory only to a live backend")
        backend = ReplayBackend(Path(cache_dir), inner=backend, mode=cache_mode)
    window = options.context_window if options is not None else None
    return MeteredLLM(backend, ledger, context_window=window, spend=spend)
