"""The LLM contract every backend implements: messages in, a `Completion` out.

Methods (learners/) only ever see this interface, so the same code runs on `openai:MODEL`,
`local` and `replay:DIR`.
"""

from __future__ import annotations

import abc
from dataclasses import asdict, dataclass
from typing import Any, Callable, Sequence

VALID_ROLES = ("system", "user", "assistant")
DEFAULT_MAX_TOKENS = 256

Message = dict[str, str]


class LLMError(Exception):
    """Base of every error this package raises on purpose."""


class LLMConfigError(LLMError):
    """A bad spec, a missing model file or key: the user must change a setting."""


class LLMRequestError(LLMError):
    """The backend refused or failed a request (after retries where retrying makes sense)."""


class LLMAuthError(LLMRequestError):
    """The endpoint rejected the credentials (HTTP 401/403): never retried."""


class LLMBadRequestError(LLMRequestError):
    """The endpoint rejected the request itself (HTTP 400/404/422): never retried."""


class LLMContextError(LLMBadRequestError):
    """The prompt does not fit the model's context window: the server said so (a context-length
    rejection), or our own count did before sending. `window` is the window the rejection named,
    when it named one. The caller trims its prompt and asks again."""

    def __init__(self, message: str, window: int | None = None, prompt_tokens: int | None = None):
        super().__init__(message)
        self.window = window
        self.prompt_tokens = prompt_tokens


class LLMBudgetError(LLMError):
    """A spend limit of the run (--max-cost / --max-tokens) would be passed: the run stops cleanly."""


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class Completion:
    text: str
    usage: Usage
    model: str
    cached: bool = False
    latency_s: float = 0.0
    # None when the model's price is unknown; 0.0 for local models and cache hits.
    cost_usd: float | None = None
    finish_reason: str | None = None

    def __post_init__(self) -> None:
        # A model's reply is untrusted text, cleaned once here where every backend builds it: no
        # lone surrogates (nothing downstream can fail to encode it), no tag characters, no
        # U+2028/U+2029 or U+FEFF (see learnact_engine.sandbox.sanitize).
        from learnact_engine.sandbox.sanitize import clean_text

        object.__setattr__(self, "text", clean_text(self.text, None))

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["usage"]["total_tokens"] = self.usage.total_tokens
        return data


@dataclass(frozen=True)
class Request:
    """One completion request after validation: what a cassette key is computed from."""

    messages: tuple[tuple[str, str], ...]
    stop: tuple[str, ...] = ()
    temperature: float = 0.0
    seed: int | None = None
    max_tokens: int = DEFAULT_MAX_TOKENS
    grammar: str | None = None
    # The room the context window leaves for the reply (set by MeteredLLM): backends send at most
    # this many as max_tokens. Not part of a cassette key, so a replay finds the call whatever the
    # window was.
    reply_room: int | None = None

    @property
    def wire_max_tokens(self) -> int:
        return min(self.max_tokens, self.reply_room) if self.reply_room else self.max_tokens

    def message_dicts(self) -> list[Message]:
        return [{"role": role, "content": content} for role, content in self.messages]

    def preview(self, limit: int = 80) -> str:
        """A one-line hint of the request for error messages: the last message, shortened."""
        role, content = self.messages[-1]
        flat = " ".join(content.split())
        if len(flat) > limit:
            flat = flat[: limit - 3] + "..."
        return f"{len(self.messages)} message(s), last {role}: {flat!r}"


def build_request(
    messages: str | Sequence[Message],
    stop: str | Sequence[str] | None = None,
    temperature: float = 0.0,
    seed: int | None = None,
    max_tokens: int = DEFAULT_MAX_TOKENS,
    grammar: str | None = None,
) -> Request:
    """Validate the arguments of `complete` and normalise them (a bare string is one user message)."""
    if isinstance(messages, str):
        messages = [{"role": "user", "content": messages}]
    if not messages:
        raise ValueError("complete() needs at least one message")
    normalised: list[tuple[str, str]] = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or "role" not in message or "content" not in message:
            raise ValueError(f"message {index} must be a dict with 'role' and 'content'")
        role, content = message["role"], message["content"]
        if role not in VALID_ROLES:
            raise ValueError(f"message {index} has role {role!r}; expected one of {VALID_ROLES}")
        if not isinstance(content, str):
            raise ValueError(f"message {index} content must be a string, got {type(content).__name__}")
        # Line endings are the one difference that never changes meaning.
        normalised.append((role, content.replace("\r\n", "\n")))
    if stop is None:
        stops: tuple[str, ...] = ()
    elif isinstance(stop, str):
        stops = (stop,)
    else:
        stops = tuple(stop)
    if any(not isinstance(s, str) or not s for s in stops):
        raise ValueError("stop sequences must be non-empty strings")
    if not 0.0 <= float(temperature) <= 2.0:
        raise ValueError(f"temperature must be within [0, 2], got {temperature}")
    if not isinstance(max_tokens, int) or max_tokens < 1:
        raise ValueError(f"max_tokens must be a positive integer, got {max_tokens!r}")
    if seed is not None and not isinstance(seed, int):
        raise ValueError(f"seed must be an integer or None, got {seed!r}")
    if grammar is not None and (not isinstance(grammar, str) or not grammar.strip()):
        raise ValueError("grammar must be a non-empty GBNF string or None")
    return Request(
        messages=tuple(normalised),
        stop=stops,
        temperature=float(temperature),
        seed=seed,
        max_tokens=max_tokens,
        grammar=grammar,
    )


class LLM(abc.ABC):
    """A chat model. `model` names what answers (it is part of every cassette key)."""

    model: str

    def complete(
        self,
        messages: str | Sequence[Message],
        stop: str | Sequence[str] | None = None,
        temperature: float = 0.0,
        seed: int | None = None,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        grammar: str | None = None,
    ) -> Completion:
        """One completion. `grammar` is GBNF text (see `learnact_engine.llm.grammar`)."""
        request = build_request(messages, stop, temperature, seed, max_tokens, grammar)
        return self.complete_request(request)

    @abc.abstractmethod
    def complete_request(self, request: Request) -> Completion:
        """Answer an already validated request."""

    def describe(self) -> dict[str, Any]:
        """Backend, model and settings, for a run's config.json (never secrets)."""
        return {"backend": type(self).__name__, "model": self.model}

    def discover_window(self) -> tuple[int, str] | None:
        """(context window in tokens, where it was read) when the backend can tell; None otherwise."""
        return None

    def tokenizer(self) -> Callable[[str], int] | None:
        """A function counting the model's tokens in a text, when the model's tokenizer is reachable."""
        return None

    def close(self) -> None:
        """Release connections or model memory; the default holds nothing."""

    def __enter__(self) -> "LLM":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

