"""Backend `openai`: any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server).

The official client does the HTTP; its own retries are off (max_retries=0) so that one policy,
`retry.RetryPolicy`, decides. A semaphore bounds how many requests are in flight at once, whatever
the number of threads calling.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any, Callable

import openai

from learnact_engine.llm.pricing import PriceTable
from learnact_engine.llm.retry import RetryPolicy, make_retrying
from learnact_engine.llm.types import (
    LLM,
    Completion,
    LLMAuthError,
    LLMBadRequestError,
    LLMConfigError,
    LLMContextError,
    LLMRequestError,
    Request,
    Usage,
)
from learnact_engine.llm.context_window import (
    is_context_rejection, prompt_tokens_from_rejection, window_from_rejection,
)

log = logging.getLogger(__name__)

BASE_URL_ENV = "OPENAI_BASE_URL"
API_KEY_ENV = "OPENAI_API_KEY"
# Self-hosted servers (vLLM, Ollama, llama.cpp) ignore the key, but the client insists on one.
PLACEHOLDER_KEY = "no-key-needed"


class OpenAIBackend(LLM):
    def __init__(
        self,
        model: str,
        *,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout_s: float = 120.0,
        max_concurrency: int = 4,
        retry_policy: RetryPolicy | None = None,
        prices: PriceTable | None = None,
        grammar_field: str | None = None,
        sleep: Callable[[float], Any] = time.sleep,
    ):
        if not model:
            raise LLMConfigError("openai backend needs a model name: openai:MODEL")
        if max_concurrency < 1:
            raise LLMConfigError("max_concurrency must be at least 1")
        self.model = model
        self.base_url = base_url or os.environ.get(BASE_URL_ENV) or None
        self._api_key = api_key or os.environ.get(API_KEY_ENV)
        self.timeout_s = timeout_s
        self.max_concurrency = max_concurrency
        self.retry_policy = retry_policy or RetryPolicy()
        self.prices = prices or PriceTable()
        # Where to send a GBNF grammar: "grammar" for a llama.cpp server; None sends none
        # (OpenAI itself has no GBNF), and the caller's parser checks the free-form answer.
        self.grammar_field = grammar_field
        self._sleep = sleep
        self._slots = threading.BoundedSemaphore(max_concurrency)
        self._token_param = "max_tokens"
        # Made on first use, so that a replayed run needs neither a key nor a connection.
        self._client: openai.OpenAI | None = None
        self._client_lock = threading.Lock()
        self.attempts = 0  # HTTP attempts made, retries included (for tests and reports)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": "openai",
            "model": self.model,
            "base_url": self.base_url or "https://api.openai.com/v1",
            "timeout_s": self.timeout_s,
            "max_concurrency": self.max_concurrency,
            "max_attempts": self.retry_policy.max_attempts,
            "grammar_field": self.grammar_field,
        }

    def server_root(self) -> str | None:
        """The self-hosted server's root URL (base URL without /v1); None for OpenAI itself."""
        if not self.base_url:
            return None
        root = self.base_url.rstrip("/")
        return root[: -len("/v1")] if root.endswith("/v1") else root

    def discover_window(self) -> tuple[int, str] | None:
        """A self-hosted server's context window from its own metadata (llama.cpp /props, vLLM
        max_model_len in /v1/models); None when it publishes none (OpenAI itself: the table decides)."""
        root = self.server_root()
        if root is None:
            return None
        import httpx

        with httpx.Client(timeout=min(self.timeout_s, 10.0)) as client:
            try:
                props = client.get(root + "/props")
                settings = props.json().get("default_generation_settings", {}) if props.status_code == 200 else {}
                n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
                if isinstance(n_ctx, int) and n_ctx > 0:
                    return n_ctx, "llama.cpp /props"
            except (httpx.HTTPError, ValueError, AttributeError):
                pass
            try:
                models = client.get(self.base_url.rstrip("/") + "/models")
                data = models.json().get("data", []) if models.status_code == 200 else []
                entries = [e for e in data if isinstance(e, dict)] if isinstance(data, list) else []
                for entry in entries:
                    if entry.get("id") == self.model or len(entries) == 1:
                        length = entry.get("max_model_len")
                        if isinstance(length, int) and length > 0:
                            return length, "vLLM /v1/models"
            except (httpx.HTTPError, ValueError, AttributeError):
                pass
        return None

    def tokenizer(self):
        from learnact_engine.llm.tokens import offline_tiktoken, server_tokenizer

        root = self.server_root()
        if root is None:
            return offline_tiktoken(self.model)
        found = server_tokenizer(root, self.model, timeout_s=min(self.timeout_s, 10.0))
        return found[0] if found else None

    def complete_request(self, request: Request) -> Completion:
        self.client  # a missing key fails here, before any attempt
        started = time.perf_counter()
        retrying = make_retrying(self.retry_policy, sleep=self._sleep, on_retry=self._log_retry)
        try:
            response = retrying(self._attempt, request)
        except openai.APIStatusError as exc:
            raise self._explain(exc) from exc
        except (openai.APITimeoutError, openai.APIConnectionError) as exc:
            raise LLMRequestError(
                f"{self._where()}: {type(exc).__name__} after "
                f"{self.retry_policy.max_attempts} attempt(s): {exc}"
            ) from exc
        latency = time.perf_counter() - started
        if not response.choices:
            raise LLMRequestError(f"{self._where()}: the response has no choices")
        choice = response.choices[0]
        usage = Usage(
            prompt_tokens=getattr(response.usage, "prompt_tokens", 0) or 0,
            completion_tokens=getattr(response.usage, "completion_tokens", 0) or 0,
        )
        answered_by = response.model or self.model
        cost = self.prices.cost(answered_by, usage)
        if cost is None:
            cost = self.prices.cost(self.model, usage)
        return Completion(
            text=choice.message.content or "",
            usage=usage,
            model=answered_by,
            cached=False,
            latency_s=latency,
            cost_usd=cost,
            finish_reason=choice.finish_reason,
        )

    @property
    def client(self) -> openai.OpenAI:
        with self._client_lock:
            if self._client is None:
                api_key = self._api_key
                if not api_key:
                    if self.base_url is None:
                        raise LLMConfigError(
                            f"no API key for openai:{self.model}: set {API_KEY_ENV} or pass --api-key "
                            f"(or point {BASE_URL_ENV}/--base-url at a self-hosted server)"
                        )
                    api_key = PLACEHOLDER_KEY
                self._client = openai.OpenAI(
                    api_key=api_key, base_url=self.base_url, timeout=self.timeout_s, max_retries=0
                )
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()

    def _attempt(self, request: Request) -> Any:
        with self._slots:
            with self._client_lock:
                self.attempts += 1
            try:
                return self._create(request)
            except openai.BadRequestError as exc:
                # Newer OpenAI models reject max_tokens and name its replacement; switch once.
                if self._token_param == "max_tokens" and "max_completion_tokens" in str(exc):
                    self._token_param = "max_completion_tokens"
                    return self._create(request)
                raise

    def _create(self, request: Request) -> Any:
        params: dict[str, Any] = {
            "model": self.model,
            "messages": request.message_dicts(),
            "temperature": request.temperature,
            self._token_param: request.wire_max_tokens,
        }
        if request.stop:
            params["stop"] = list(request.stop)
        if request.seed is not None:
            params["seed"] = request.seed
        if request.grammar is not None and self.grammar_field:
            params["extra_body"] = {self.grammar_field: request.grammar}
        return self.client.chat.completions.create(**params)

    def _where(self) -> str:
        return f"openai:{self.model} at {self.base_url or 'api.openai.com'}"

    def _explain(self, exc: openai.APIStatusError) -> LLMRequestError:
        detail = _server_message(exc)
        status = exc.status_code
        if status in (401, 403):
            hint = f"check {API_KEY_ENV} / --api-key" if status == 401 else "the key lacks access"
            return LLMAuthError(f"{self._where()}: authentication failed (HTTP {status}): {detail}; {hint}")
        if status in (400, 413, 422) and is_context_rejection(detail):
            return LLMContextError(f"{self._where()}: prompt too long for the model (HTTP {status}): {detail}",
                                   window=window_from_rejection(detail),
                                   prompt_tokens=prompt_tokens_from_rejection(detail))
        if status in (400, 404, 422):
            what = "model or endpoint not found" if status == 404 else "request rejected"
            return LLMBadRequestError(f"{self._where()}: {what} (HTTP {status}): {detail}")
        return LLMRequestError(
            f"{self._where()}: HTTP {status} after {self.retry_policy.max_attempts} attempt(s): {detail}"
        )

    def _log_retry(self, state: Any) -> None:
        exc = state.outcome.exception()
        wait = state.next_action.sleep if state.next_action else 0.0
        log.warning(
            "%s: attempt %d failed (%s); retrying in %.2fs",
            self._where(),
            state.attempt_number,
            _short_reason(exc),
            wait,
        )


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        error = body.get("error", body)
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if isinstance(error, str):
            return error
    return exc.message or "no detail"


def _short_reason(exc: BaseException | None) -> str:
    if isinstance(exc, openai.APIStatusError):
        return f"HTTP {exc.status_code}"
    return type(exc).__name__ if exc else "unknown"
