"""Cassettes: content-addressed keys, record / replay / record-missing, deterministic replays."""

from __future__ import annotations

import json
import threading

import pytest
from scripted_server import ok

from learnact_engine.llm import (
    LLM,
    Completion,
    LLMConfigError,
    ReplayBackend,
    ReplayMissError,
    Usage,
    make_llm,
)
from learnact_engine.llm.cassette import Cassette, request_key
from learnact_engine.llm.types import build_request


class EchoLLM(LLM):
    """Test double: answers with a counter so that a second real call would be visible."""

    def __init__(self, model: str = "echo-1"):
        self.model = model
        self.calls = 0
        self.lock = threading.Lock()

    def complete_request(self, request):
        with self.lock:
            self.calls += 1
            n = self.calls
        return Completion(
            text=f"{self.model} answer {n} to {request.messages[-1][1]}",
            usage=Usage(10, 4),
            model=self.model,
            latency_s=0.5,
            cost_usd=0.001,
            finish_reason="stop",
        )


class ExplodingLLM(EchoLLM):
    def complete_request(self, request):
        raise AssertionError("the inner backend must not be called in replay mode")


def test_key_ignores_dict_order_and_line_endings_but_not_parameters():
    base = build_request([{"role": "user", "content": "a\r\nb"}], stop="\n", seed=1)
    same = build_request([{"content": "a\nb", "role": "user"}], stop=["\n"], seed=1)
    assert request_key(base) == request_key(same)
    variants = [
        build_request([{"role": "user", "content": "a\nb"}], stop="\n", seed=2),
        build_request([{"role": "user", "content": "a\nb"}], stop="\n", seed=1, temperature=0.5),
        build_request([{"role": "user", "content": "a\nb"}], stop="\n", seed=1, max_tokens=9),
        build_request([{"role": "user", "content": "a\nb"}], seed=1),
        build_request([{"role": "user", "content": "a\nb"}], stop="\n", seed=1, grammar='root ::= "x"'),
        build_request([{"role": "system", "content": "a\nb"}], stop="\n", seed=1),
    ]
    keys = {request_key(base)} | {request_key(v) for v in variants}
    assert len(keys) == len(variants) + 1


def test_record_then_replay_is_exact_and_calls_nothing(tmp_path):
    recorder = make_llm_with(EchoLLM(), tmp_path, "record")
    first = recorder.complete("hello", seed=3)
    second = recorder.complete("world", seed=3)
    assert not first.cached and first.text == "echo-1 answer 1 to hello"

    replayer = make_llm_with(ExplodingLLM(), tmp_path, "replay")
    for original, prompt in ((first, "hello"), (second, "world")):
        again = replayer.complete(prompt, seed=3)
        assert again.text == original.text
        assert again.usage == original.usage and again.model == original.model
        assert again.cached is True and again.cost_usd == 0.0
    # Replays are deterministic: the same request gives the same answer every time.
    assert {replayer.complete("hello", seed=3).text for _ in range(3)} == {first.text}


def test_replay_miss_names_the_request(tmp_path):
    make_llm_with(EchoLLM(), tmp_path, "record").complete("known prompt")
    replayer = make_llm_with(ExplodingLLM(), tmp_path, "replay")
    with pytest.raises(ReplayMissError) as caught:
        replayer.complete([{"role": "user", "content": "an unrecorded question about the mug"}], seed=5)
    message = str(caught.value)
    assert "an unrecorded question about the mug" in message
    assert "echo-1" in message and "seed=5" in message and str(tmp_path) in message
    assert "1 entries" in message


def test_record_missing_calls_only_for_misses(tmp_path):
    inner = EchoLLM()
    llm = make_llm_with(inner, tmp_path, "record-missing")
    a1 = llm.complete("a")
    a2 = llm.complete("a")
    b1 = llm.complete("b")
    assert inner.calls == 2
    assert not a1.cached and a2.cached and not b1.cached
    assert a2.text == a1.text
    totals = llm.ledger.run_totals()
    assert totals.calls == 2 and totals.cached_calls == 1
    assert totals.cached_prompt_tokens == 10 and totals.cost_usd == pytest.approx(0.002)


def test_record_mode_overwrites(tmp_path):
    inner = EchoLLM()
    llm = make_llm_with(inner, tmp_path, "record")
    llm.complete("a")
    latest = llm.complete("a")
    assert inner.calls == 2 and latest.text.endswith("answer 2 to a")
    assert make_llm_with(ExplodingLLM(), tmp_path, "replay").complete("a").text == latest.text
    assert len(Cassette(tmp_path)) == 1


def test_concurrent_misses_record_once(tmp_path):
    inner = EchoLLM()
    llm = make_llm_with(inner, tmp_path, "record-missing")
    texts: list[str] = []
    threads = [threading.Thread(target=lambda: texts.append(llm.complete("same").text)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert inner.calls == 1 and len(set(texts)) == 1


def test_entries_are_plain_json_files_without_leftovers(tmp_path):
    make_llm_with(EchoLLM(), tmp_path, "record").complete("hello", max_tokens=7)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert len(files) == 1 and files[0].suffix == ".json"
    record = json.loads(files[0].read_text())
    assert record["model"] == "echo-1" and record["request"]["max_tokens"] == 7
    assert record["response"]["text"] == "echo-1 answer 1 to hello"


def test_corrupt_entry_is_a_clear_error(tmp_path):
    make_llm_with(EchoLLM(), tmp_path, "record").complete("hello")
    entry = next(tmp_path.rglob("*.json"))
    entry.write_text("{not json")
    with pytest.raises(ValueError, match="corrupt cassette entry"):
        make_llm_with(ExplodingLLM(), tmp_path, "replay").complete("hello")


def test_pure_replay_spec_finds_any_model(tmp_path):
    make_llm_with(EchoLLM("learner-model"), tmp_path, "record").complete("write an action")
    make_llm_with(EchoLLM("agent-model"), tmp_path, "record").complete("act now")
    llm = make_llm(f"replay:{tmp_path}")
    assert llm.complete("write an action").text.startswith("learner-model")
    assert llm.complete("act now").text.startswith("agent-model")
    assert Cassette(tmp_path).models() == ["agent-model", "learner-model"]
    with pytest.raises(ReplayMissError, match="replay miss"):
        llm.complete("something else")


def test_pure_replay_refuses_ambiguous_answers(tmp_path):
    make_llm_with(EchoLLM("m1"), tmp_path, "record").complete("q")
    make_llm_with(EchoLLM("m2"), tmp_path, "record").complete("q")
    with pytest.raises(ReplayMissError, match="several models"):
        make_llm(f"replay:{tmp_path}").complete("q")


def test_replay_of_missing_cassette_or_bad_mode(tmp_path):
    with pytest.raises(LLMConfigError, match="no cassette"):
        make_llm(f"replay:{tmp_path / 'absent'}")
    with pytest.raises(LLMConfigError, match="unknown cache mode"):
        ReplayBackend(tmp_path, EchoLLM(), mode="sometimes")
    with pytest.raises(LLMConfigError, match="needs a backend"):
        ReplayBackend(tmp_path, None, mode="record")


def test_openai_run_replays_without_network_or_key(openai_server, tmp_path, monkeypatch):
    from learnact_engine.llm import LLMOptions

    openai_server.script = [ok("recorded over HTTP")]
    options = LLMOptions(base_url=openai_server.base_url, api_key="k")
    recorded = make_llm("openai:gpt-4o-mini", cache_dir=tmp_path, cache_mode="record", options=options)
    assert recorded.complete("hi", seed=1).text == "recorded over HTTP"
    openai_server.httpd.shutdown()
    openai_server.httpd.server_close()

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    replayed = make_llm("openai:gpt-4o-mini", cache_dir=tmp_path, cache_mode="replay")
    completion = replayed.complete("hi", seed=1)
    assert completion.text == "recorded over HTTP" and completion.cached
    assert len(openai_server.requests) == 1


def make_llm_with(inner: LLM, cache_dir, mode: str):
    from learnact_engine.llm import MeteredLLM

    return MeteredLLM(ReplayBackend(cache_dir, inner=inner, mode=mode))
