"""Counting a request's prompt tokens before it is sent.

With the model's tokenizer where one is reachable (a local model's own; an OpenAI-compatible
server's tokenize endpoint; `tiktoken` for OpenAI models, only when its encoding file is already
on disk: nothing is downloaded). Otherwise a conservative estimate, 1 token per 3 characters.

Either way the count is corrected from the `usage` each answer reports: the chat template's
overhead (tokenizer) or the characters-per-token rate (estimate) is raised to the worst case
seen, so counts err on the side of a shorter prompt.
"""

from __future__ import annotations

import hashlib
import math
import os
import tempfile
import threading
from pathlib import Path
from typing import Callable, Sequence

ESTIMATE_CHARS_PER_TOKEN = 3.0
PER_MESSAGE_TOKENS = 6  # role markers and separators of a chat template (ChatML uses 4-5)
REPLY_PRIMING_TOKENS = 3  # the assistant header the template appends
SAFETY = 1.05  # observed estimate rates are raised by this factor
_CACHE_SIZE = 8192

TIKTOKEN_BLOBS = {
    "cl100k_base": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    "o200k_base": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
}


class TokenCounter:
    """Counts prompt tokens of chat messages for one model; learns from reported usage. Thread-safe."""

    def __init__(self, tokenize: Callable[[str], int] | None = None, kind: str = "estimate"):
        self._tokenize = tokenize
        self.kind = kind if tokenize is not None else "estimate"
        self._rate = 1.0 / ESTIMATE_CHARS_PER_TOKEN
        self._rate_observed = False
        self._correction = 0  # tokenizer mode: tokens the template adds beyond our per-message guess
        self._cache: dict[str, int] = {}
        self._lock = threading.Lock()
        self.observations = 0

    def count_text(self, text: str) -> int:
        if not text:
            return 0
        if self._tokenize is None:
            with self._lock:
                rate = self._rate
            return math.ceil(len(text) * rate)
        with self._lock:
            cached = self._cache.get(text)
        if cached is not None:
            return cached
        try:
            value = int(self._tokenize(text))
        except Exception:  # noqa: BLE001 - a tokenizer that fails once is dropped for the estimate
            with self._lock:
                self._tokenize, self.kind = None, "estimate"
            return self.count_text(text)
        with self._lock:
            if len(self._cache) >= _CACHE_SIZE:
                self._cache.clear()
            self._cache[text] = value
        return value

    def raw_count(self, messages: Sequence[dict]) -> int:
        content = sum(self.count_text(m.get("content", "")) for m in messages)
        return content + PER_MESSAGE_TOKENS * len(messages) + REPLY_PRIMING_TOKENS

    def count_messages(self, messages: Sequence[dict]) -> int:
        raw = self.raw_count(messages)
        with self._lock:
            correction = self._correction
        return max(raw + correction, raw - PER_MESSAGE_TOKENS * len(messages))

    def observe(self, messages: Sequence[dict], prompt_tokens: int) -> None:
        """Correct future counts from the prompt tokens a server reported for `messages`."""
        if prompt_tokens <= 0:
            return
        if self._tokenize is None:
            chars = sum(len(m.get("content", "")) for m in messages)
            overhead = PER_MESSAGE_TOKENS * len(messages) + REPLY_PRIMING_TOKENS
            if chars < 200:  # too short to tell a rate from the template's overhead
                return
            observed = max(prompt_tokens - overhead, 1) / chars * SAFETY
            with self._lock:
                self.observations += 1
                self._rate = observed if not self._rate_observed else max(self._rate, observed)
                self._rate_observed = True
            return
        raw = self.raw_count(messages)
        with self._lock:
            self.observations += 1
            delta = prompt_tokens - raw
            self._correction = delta if self.observations == 1 else max(self._correction, delta)

    def describe(self) -> dict:
        with self._lock:
            info: dict = {"kind": self.kind}
            if self._tokenize is None:
                info["chars_per_token"] = round(1.0 / self._rate, 3)
            else:
                info["template_correction"] = self._correction
            info["observations"] = self.observations
            return info


def offline_tiktoken(model: str) -> Callable[[str], int] | None:
    """tiktoken's counter for an OpenAI model name, only when the encoding file is cached locally."""
    try:
        import tiktoken
    except ImportError:
        return None
    try:
        name = tiktoken.encoding_name_for_model(model.split("/")[-1])
    except KeyError:
        return None
    blob = TIKTOKEN_BLOBS.get(name)
    if blob is None:
        return None
    cache_dir = os.environ.get("TIKTOKEN_CACHE_DIR") or os.environ.get("DATA_GYM_CACHE_DIR") or str(
        Path(tempfile.gettempdir()) / "data-gym-cache")
    if not (Path(cache_dir) / hashlib.sha1(blob.encode()).hexdigest()).is_file():
        return None  # would download: not allowed
    try:
        encoding = tiktoken.get_encoding(name)
    except Exception:  # noqa: BLE001 - a broken cache means no tokenizer
        return None
    return lambda text: len(encoding.encode(text, disallowed_special=()))


def server_tokenizer(root: str, model: str, timeout_s: float = 5.0) -> tuple[Callable[[str], int], str] | None:
    """A counter over an OpenAI-compatible server's tokenize endpoint, probed once; None if it has none.

    llama-cpp-python's server: POST /extras/tokenize/count {"input"}; llama.cpp's server:
    POST /tokenize {"content"} -> tokens; vLLM: POST /tokenize {"model", "prompt"} -> count."""
    import httpx

    client = httpx.Client(timeout=timeout_s)
    root = root.rstrip("/")
    probes = (
        ("/extras/tokenize/count", lambda text: {"input": text}),
        ("/tokenize", lambda text: {"model": model, "prompt": text}),
        ("/tokenize", lambda text: {"content": text}),
    )

    def read_count(data) -> int | None:
        if not isinstance(data, dict):
            return None
        if isinstance(data.get("count"), int):
            return data["count"]
        if isinstance(data.get("tokens"), list):
            return len(data["tokens"])
        return None

    for path, body in probes:
        try:
            response = client.post(root + path, json=body("Hello world"))
            if response.status_code != 200 or read_count(response.json()) is None:
                continue
        except (httpx.HTTPError, ValueError):
            continue
        lock = threading.Lock()

        def count(text: str, _path: str = path, _body=body) -> int:
            with lock:
                response = client.post(root + _path, json=_body(text))
            response.raise_for_status()
            value = read_count(response.json())
            if value is None:
                raise ValueError("tokenize endpoint answered without a count")
            return value

        return count, f"server {path}"
    client.close()
    return None
