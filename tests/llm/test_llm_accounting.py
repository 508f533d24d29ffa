"""Prices, per-call/episode/run accounting and spec parsing."""

from __future__ import annotations

import json
import threading

import pytest

from learnact_engine.llm import (
    LLM,
    Completion,
    Ledger,
    LLMConfigError,
    MeteredLLM,
    Price,
    PriceTable,
    Usage,
    load_price_table,
    parse_spec,
)


class FixedLLM(LLM):
    """Test double with a fixed usage and cost per call."""

    model = "fixed"

    def complete_request(self, request):
        return Completion(text="x", usage=Usage(100, 20), model=self.model, latency_s=0.1, cost_usd=0.5)


def test_known_models_and_dated_snapshots_are_priced():
    table = PriceTable()
    usage = Usage(1_000_000, 1_000_000)
    assert table.cost("gpt-4o-mini", usage) == pytest.approx(0.15 + 0.60)
    assert table.cost("gpt-4o-mini-2024-07-18", usage) == pytest.approx(0.75)
    assert table.cost("gpt-4-0613", usage) == pytest.approx(90.0)
    assert table.cost("openai/gpt-4o", usage) == pytest.approx(12.5)
    assert table.cost("my-finetune", usage) is None


def test_user_overrides_from_file(tmp_path, monkeypatch):
    prices = tmp_path / "prices.json"
    prices.write_text(json.dumps({
        "gpt-4o": {"input_per_mtok": 1.0, "output_per_mtok": 2.0},
        "qwen2.5-7b": {"input_per_mtok": 0.0, "output_per_mtok": 0.1},
    }))
    table = load_price_table(prices)
    assert table.price_for("gpt-4o") == Price(1.0, 2.0)
    assert table.price_for("qwen2.5-7b") == Price(0.0, 0.1)
    assert table.price_for("gpt-4o-mini") == Price(0.15, 0.60)  # the rest stays
    monkeypatch.setenv("LEARNACT_LLM_PRICES", str(prices))
    assert load_price_table().price_for("qwen2.5-7b") == Price(0.0, 0.1)


@pytest.mark.parametrize("content, words", [
    ("[1, 2]", "JSON object"),
    ('{"m": {"input_per_mtok": 1}}', "must be"),
    ('{"m": {"input_per_mtok": -1, "output_per_mtok": 1}}', "non-negative"),
    ("{oops", "not valid JSON"),
])
def test_bad_price_files_are_clear_errors(tmp_path, content, words):
    path = tmp_path / "p.json"
    path.write_text(content)
    with pytest.raises(LLMConfigError, match=words):
        load_price_table(path)
    with pytest.raises(LLMConfigError, match="not found"):
        load_price_table(tmp_path / "absent.json")


def test_ledger_counts_per_call_episode_and_run():
    llm = MeteredLLM(FixedLLM())
    llm.complete("outside any episode")
    with llm.ledger.episode("task-1"):
        llm.complete("a")
        llm.complete("b")
    with llm.ledger.episode("task-2"):
        llm.complete("c")
    run = llm.ledger.run_totals()
    assert run.calls == 4 and run.prompt_tokens == 400 and run.completion_tokens == 80
    assert run.cost_usd == pytest.approx(2.0)
    assert llm.ledger.episode_totals("task-1").calls == 2
    by_episode = llm.ledger.by_episode()
    assert set(by_episode) == {None, "task-1", "task-2"} and by_episode["task-2"].cost_usd == pytest.approx(0.5)
    summary = llm.ledger.summary()
    assert summary["run"]["calls"] == 4 and summary["by_model"]["fixed"]["prompt_tokens"] == 400


def test_cached_and_unpriced_calls_are_counted_apart():
    ledger = Ledger()
    ledger.record(Completion("a", Usage(10, 1), "m", cached=True, cost_usd=0.0))
    ledger.record(Completion("b", Usage(10, 1), "m", cost_usd=None))
    ledger.record(Completion("c", Usage(10, 1), "m", cost_usd=0.25))
    totals = ledger.run_totals()
    assert totals.calls == 2 and totals.cached_calls == 1 and totals.cached_prompt_tokens == 10
    assert totals.unpriced_calls == 1 and totals.cost_usd == pytest.approx(0.25)
    assert totals.prompt_tokens == 20


def test_episodes_in_threads_stay_apart():
    llm = MeteredLLM(FixedLLM())

    def episode(label: str, calls: int) -> None:
        with llm.ledger.episode(label):
            for _ in range(calls):
                llm.complete("x")

    threads = [threading.Thread(target=episode, args=(f"ep-{n}", n)) for n in range(1, 5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {label: t.calls for label, t in llm.ledger.by_episode().items()} == {
        "ep-1": 1, "ep-2": 2, "ep-3": 3, "ep-4": 4
    }


@pytest.mark.parametrize("spec, backend, target", [
    ("local", "local", None),
    ("local:/m/model.gguf", "local", "/m/model.gguf"),
    ("openai:gpt-4o-mini", "openai", "gpt-4o-mini"),
    ("openai:qwen2.5:0.5b", "openai", "qwen2.5:0.5b"),  # Ollama names have colons
    ("replay:runs/r1/llm-cache", "replay", "runs/r1/llm-cache"),
])
def test_parse_spec(spec, backend, target):
    parsed = parse_spec(spec)
    assert (parsed.backend, parsed.target) == (backend, target)


@pytest.mark.parametrize("spec, words", [
    ("", "empty"), ("gpt-4", "unknown LLM spec"), ("openai:", "model name"),
    ("replay:", "cassette directory"), ("local:", "model file"),
])
def test_bad_specs(spec, words):
    with pytest.raises(LLMConfigError, match=words):
        parse_spec(spec)


def test_request_validation_errors():
    llm = MeteredLLM(FixedLLM())
    for bad, words in [
        ([], "at least one message"),
        ([{"role": "robot", "content": "x"}], "role"),
        ([{"role": "user", "content": 3}], "string"),
        ([{"content": "x"}], "'role' and 'content'"),
    ]:
        with pytest.raises(ValueError, match=words):
            llm.complete(bad)
    with pytest.raises(ValueError, match="max_tokens"):
        llm.complete("x", max_tokens=0)
    with pytest.raises(ValueError, match="temperature"):
        llm.complete("x", temperature=5)
    with pytest.raises(ValueError, match="stop"):
        llm.complete("x", stop=[""])


def test_make_llm_config_errors(tmp_path):
    from learnact_engine.llm import make_llm

    not_gguf = tmp_path / "model.bin"
    not_gguf.write_text("x")
    with pytest.raises(LLMConfigError, match=r"\.gguf"):
        make_llm(f"local:{not_gguf}")
    with pytest.raises(LLMConfigError, match="not found"):
        make_llm(f"local:{tmp_path / 'absent.gguf'}")
    with pytest.raises(LLMConfigError, match="already a cassette"):
        make_llm(f"replay:{tmp_path}", cache_dir=tmp_path)
