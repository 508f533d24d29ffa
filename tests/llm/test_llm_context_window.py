"""Context windows (flag, server metadata, table, default, learned from a rejection), token counting
(a server's tokenize endpoint, the estimate corrected from usage) and the send-side guard, through the
real openai client against the scripted loopback server."""

from __future__ import annotations

import json

import pytest

from learnact_engine.llm import LLMContextError, LLMOptions, make_llm
from learnact_engine.llm.context_window import (
    DEFAULT_WINDOW,
    known_window,
    paper_budget,
    prompt_tokens_from_rejection,
    window_from_rejection,
)
from learnact_engine.llm.tokens import TokenCounter


def metered(server, model="my-model", **options):
    return make_llm(f"openai:{model}", options=LLMOptions(base_url=server.base_url, api_key="k", timeout_s=2,
                                                          **options))


def test_window_sources_in_order(openai_server):
    assert metered(openai_server, context_window=3000).window.to_dict() == {"tokens": 3000, "source": "flag"}
    openai_server.get_routes["/props"] = {"default_generation_settings": {"n_ctx": 2048}}
    assert metered(openai_server).window.to_dict() == {"tokens": 2048, "source": "llama.cpp /props"}
    del openai_server.get_routes["/props"]
    openai_server.get_routes["/v1/models"] = {"data": [{"id": "my-model", "max_model_len": 32768}]}
    assert metered(openai_server).window.to_dict() == {"tokens": 32768, "source": "vLLM /v1/models"}
    del openai_server.get_routes["/v1/models"]
    assert metered(openai_server, model="gpt-4-0613").window.to_dict() == {"tokens": 8192, "source": "known model"}
    assert metered(openai_server).window.to_dict() == {"tokens": DEFAULT_WINDOW, "source": "default"}
    assert not openai_server.requests  # discovery never asks for a completion


def test_known_windows_and_reference_budgets():
    assert known_window("gpt-4o-mini-2024-07-18") == 128_000 and known_window("openai/gpt-4") == 8192
    assert known_window("llama-3-8b") is None
    assert paper_budget("gpt-3.5-turbo") == 4096 and paper_budget("gpt-4") == 8192  # the reference's budgets


def test_rejection_messages_name_the_window_and_the_prompt():
    openai = ("This model's maximum context length is 4096 tokens. However, you requested 4225 tokens "
              "(4177 in the messages, 48 in the completion).")
    assert window_from_rejection(openai) == 4096 and prompt_tokens_from_rejection(openai) == 4177
    llama = "Requested tokens (2100) exceed context window of 2048"
    assert window_from_rejection(llama) == 2048 and prompt_tokens_from_rejection(llama) == 2100


def test_server_rejection_lowers_the_window_and_is_counted(openai_server):
    openai_server.window_tokens = 300
    llm = metered(openai_server)
    long_prompt = "word " * 400  # 2,000 characters: 504 server tokens
    with pytest.raises(LLMContextError) as caught:
        llm.complete(long_prompt, max_tokens=20)
    assert caught.value.window == 300 and openai_server.rejected == 1
    assert llm.window.to_dict() == {"tokens": 300, "source": "server rejection"}
    assert llm.ledger.note_counts() == {"context_rejected": 1}
    # now our own count refuses it before sending: no second request reaches the server
    with pytest.raises(LLMContextError):
        llm.complete(long_prompt, max_tokens=20)
    assert openai_server.rejected == 1 and llm.ledger.note_counts()["context_refused"] == 1
    assert llm.complete("short", max_tokens=20).text == "ok"


def test_reply_budget_clamped_to_the_room_left(openai_server):
    llm = metered(openai_server, context_window=400)
    llm.complete("x" * 600, max_tokens=300)  # about 200 + overhead tokens of prompt: 300 do not fit
    sent = openai_server.requests[-1]["body"]["max_tokens"]
    assert 16 <= sent < 300 and llm.count_tokens([{"role": "user", "content": "x" * 600}]) + sent <= 400


def test_counting_with_the_servers_tokenizer_or_the_estimate(openai_server):
    assert metered(openai_server).counter.kind == "estimate"  # no tokenize endpoint: the estimate
    openai_server.tokenize = lambda text: len(text.split())  # one token a word
    llm = metered(openai_server)
    assert llm.counter.kind == "OpenAIBackend tokenizer"
    assert llm.counter.count_text("one two three four") == 4
    assert any(path.endswith("/extras/tokenize/count") for path in openai_server.other_requests)


def test_estimate_is_corrected_from_usage():
    counter = TokenCounter()
    messages = [{"role": "user", "content": "a" * 3000}]
    before = counter.count_messages(messages)
    assert before >= 1000  # 3 characters a token: conservative
    counter.observe(messages, 1500)  # the server says the text is denser than estimated
    after = counter.count_messages(messages)
    assert after >= 1500 and counter.describe()["observations"] == 1
    counter.observe(messages, 900)  # a lower observation never lowers the estimate below the worst seen
    assert counter.count_messages(messages) == after


def test_tokenizer_counts_corrected_by_template_overhead():
    counter = TokenCounter(lambda text: len(text.split()), "test tokenizer")
    messages = [{"role": "system", "content": "be brief"}, {"role": "user", "content": "one two three"}]
    raw = counter.count_messages(messages)
    counter.observe(messages, raw + 7)  # the chat template adds 7 more than we guessed
    assert counter.count_messages(messages) == raw + 7
    assert json.dumps(counter.describe())


def test_chat_json_shows_the_window(openai_server, capsys):
    from learnact_engine.cli import main

    openai_server.get_routes["/props"] = {"default_generation_settings": {"n_ctx": 8192}}
    assert main(["chat", "hi", "--llm", "openai:m", "--base-url", openai_server.base_url, "--api-key", "k",
                 "--json"]) == 0
    context = json.loads(capsys.readouterr().out)["context"]
    assert context["tokens"] == 8192 and context["source"] == "llama.cpp /props"
    assert context["counter"]["kind"] == "estimate"
    assert main(["chat", "hi", "--llm", "openai:m", "--base-url", openai_server.base_url, "--api-key", "k",
                 "--context-window", "3000", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["context"]["source"] == "flag"
    assert main(["chat", "hi", "--context-window", "10"]) == 2


@pytest.mark.llm_local
def test_local_model_window_tokenizer_and_overflow(local_model_path):
    from learnact_engine.llm.local_backend import LocalBackend
    from learnact_engine.llm.types import build_request

    backend = LocalBackend(local_model_path, n_ctx=512)
    llm = make_llm(f"local:{local_model_path}", options=LLMOptions(n_ctx=512))
    info = llm.context_info()
    assert info["tokens"] == 512 and info["source"] == "local n_ctx"
    assert info["counter"]["kind"] == "LocalBackend tokenizer"
    assert 1 <= llm.counter.count_text("hello world") <= 4
    long_prompt = "the quick brown fox " * 200  # about 800 tokens
    with pytest.raises(LLMContextError):  # refused by our exact count, before llama.cpp sees it
        llm.complete(long_prompt, max_tokens=8)
    with pytest.raises(LLMContextError) as caught:  # llama.cpp's own rejection, mapped
        backend.complete_request(build_request(long_prompt, max_tokens=8))
    assert caught.value.window == 512
