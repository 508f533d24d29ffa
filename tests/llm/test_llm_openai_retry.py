"""The openai backend's retry policy, proven through the real openai client over real HTTP."""

from __future__ import annotations

import socket
import threading
import time

import pytest
from scripted_server import error, ok, stall

from learnact_engine.llm import (
    LLMAuthError,
    LLMBadRequestError,
    LLMConfigError,
    LLMRequestError,
    RetryPolicy,
    choice_grammar,
)
from learnact_engine.llm.openai_backend import OpenAIBackend

FAST = RetryPolicy(max_attempts=5, initial_backoff_s=0.01, max_backoff_s=0.02, jitter_s=0.01, max_retry_after_s=5)


class SleepRecorder:
    """Records the waits the policy asks for instead of sleeping them (keeps tests fast)."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def backend(server, sleep=None, **kwargs) -> OpenAIBackend:
    kwargs.setdefault("retry_policy", FAST)
    kwargs.setdefault("timeout_s", 0.5)
    return OpenAIBackend(
        kwargs.pop("model", "gpt-4o-mini"),
        base_url=server.base_url,
        api_key="test-key",
        sleep=sleep or SleepRecorder(),
        **kwargs,
    )


def test_retries_429_500_and_a_stall_then_succeeds(openai_server):
    openai_server.script = [error(429, "slow down", Retry_After="2"), error(500), stall(), ok("hello")]
    sleeps = SleepRecorder()
    llm = backend(openai_server, sleep=sleeps)
    completion = llm.complete([{"role": "user", "content": "hi"}])
    assert completion.text == "hello"
    assert llm.attempts == 4 and len(openai_server.requests) == 4
    assert sleeps.waits[0] == 2.0  # Retry-After honoured exactly
    assert all(0 < wait <= FAST.max_backoff_s + FAST.jitter_s for wait in sleeps.waits[1:])  # backoff, not Retry-After
    assert completion.usage.prompt_tokens == 11 and completion.usage.completion_tokens == 3
    assert completion.cost_usd == pytest.approx((11 * 0.15 + 3 * 0.60) / 1e6)
    assert completion.cached is False and completion.latency_s > 0
    assert openai_server.requests[0]["auth"] == "Bearer test-key"


def test_retry_after_ms_and_cap(openai_server):
    openai_server.script = [error(429, retry_after_ms="250"), error(503, Retry_After="3600"), ok()]
    sleeps = SleepRecorder()
    backend(openai_server, sleep=sleeps).complete("hi")
    assert sleeps.waits == [0.25, FAST.max_retry_after_s]


def test_real_sleep_between_attempts(openai_server):
    openai_server.script = [error(500), ok("after a real wait")]
    llm = backend(openai_server, sleep=time.sleep)
    assert llm.complete("hi").text == "after a real wait"


@pytest.mark.parametrize("status, exc_type, words", [
    (401, LLMAuthError, "authentication failed"),
    (403, LLMAuthError, "authentication failed"),
    (400, LLMBadRequestError, "request rejected"),
    (404, LLMBadRequestError, "not found"),
])
def test_auth_and_bad_request_are_not_retried(openai_server, status, exc_type, words):
    openai_server.script = [error(status, "the server's own reason")]
    llm = backend(openai_server)
    with pytest.raises(exc_type) as caught:
        llm.complete("hi")
    assert llm.attempts == 1 and len(openai_server.requests) == 1
    message = str(caught.value)
    assert words in message and "the server's own reason" in message and f"HTTP {status}" in message
    assert "gpt-4o-mini" in message


def test_gives_up_after_max_attempts(openai_server):
    openai_server.script = [error(503)] * 10
    llm = backend(openai_server)
    with pytest.raises(LLMRequestError, match="HTTP 503 after 5 attempt"):
        llm.complete("hi")
    assert llm.attempts == 5


def test_connection_refused_is_retried_then_reported():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    llm = OpenAIBackend(
        "m", base_url=f"http://127.0.0.1:{port}/v1", api_key="k", retry_policy=FAST, sleep=SleepRecorder()
    )
    with pytest.raises(LLMRequestError, match="APIConnectionError after 5 attempt"):
        llm.complete("hi")
    assert llm.attempts == 5


def test_concurrency_is_bounded(openai_server):
    openai_server.default = ok("slow", hold_s=0.1)
    llm = backend(openai_server, max_concurrency=2, timeout_s=5)
    answers: list[str] = []
    threads = [threading.Thread(target=lambda: answers.append(llm.complete("hi").text)) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == ["slow"] * 6
    assert openai_server.max_in_flight <= 2


def test_request_carries_parameters_and_grammar(openai_server):
    grammar = choice_grammar(["go north", "go south"])
    llm = backend(openai_server, grammar_field="grammar")
    llm.complete(
        [{"role": "system", "content": "be brief"}, {"role": "user", "content": "where?"}],
        stop=["\n"], temperature=0.0, seed=7, max_tokens=12, grammar=grammar,
    )
    body = openai_server.requests[0]["body"]
    assert body["model"] == "gpt-4o-mini"
    assert body["messages"][0] == {"role": "system", "content": "be brief"}
    assert body["stop"] == ["\n"] and body["seed"] == 7 and body["max_tokens"] == 12
    assert body["grammar"] == grammar


def test_switches_to_max_completion_tokens_when_asked(openai_server):
    openai_server.script = [
        error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. "
                   "Use 'max_completion_tokens' instead."),
        ok("fine"),
    ]
    llm = backend(openai_server)
    assert llm.complete("hi", max_tokens=9).text == "fine"
    assert openai_server.requests[1]["body"]["max_completion_tokens"] == 9
    assert "max_tokens" not in openai_server.requests[1]["body"]


def test_missing_key_for_openai_itself_is_a_config_error(monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    llm = OpenAIBackend("gpt-4o")
    with pytest.raises(LLMConfigError, match="OPENAI_API_KEY"):
        llm.complete("hi")


def test_self_hosted_server_needs_no_key(openai_server, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    llm = OpenAIBackend("qwen2.5:0.5b", retry_policy=FAST)
    completion = llm.complete("hi")
    assert completion.text == "ok"
    assert completion.cost_usd is None  # a model with no known price
