"""When and how long to retry a failed request to an OpenAI-compatible endpoint.

Retried: rate limits (429), server errors (5xx), 408/409, timeouts and connection errors, waiting
exponential backoff with jitter, or exactly what the server asks for in `Retry-After` /
`retry-after-ms` (capped). Never retried: authentication, permission and bad-request errors, which
cannot succeed on a second try.
"""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass
from typing import Any, Callable

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
)

RETRYABLE_STATUS = frozenset({408, 409, 429})


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 6
    initial_backoff_s: float = 1.0
    max_backoff_s: float = 30.0  # before jitter
    jitter_s: float = 1.0
    # A server asking for longer than this is waited for only this long, then retried.
    max_retry_after_s: float = 120.0

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if min(self.initial_backoff_s, self.max_backoff_s, self.jitter_s, self.max_retry_after_s) < 0:
            raise ValueError("backoff durations must be non-negative")


def is_retryable(exc: BaseException) -> bool:
    import openai  # imported here so that importing the package stays light

    if isinstance(exc, (openai.APITimeoutError, openai.APIConnectionError)):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in RETRYABLE_STATUS or exc.status_code >= 500
    return False


def retry_after_seconds(exc: BaseException, now: float | None = None) -> float | None:
    """The wait a server asked for in its response headers, or None."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if headers is None:
        return None
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(0.0, float(milliseconds) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    # The other allowed form is an HTTP date.
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class _WaitHonouringRetryAfter:
    def __init__(self, policy: RetryPolicy):
        self.policy = policy

    def __call__(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        asked = retry_after_seconds(exc) if exc is not None else None
        if asked is not None:
            return min(asked, self.policy.max_retry_after_s)
        # Exponential backoff capped at max_backoff_s, plus jitter so that parallel callers spread out.
        exponential = self.policy.initial_backoff_s * 2 ** (state.attempt_number - 1)
        jitter = random.uniform(0, self.policy.jitter_s)
        return min(exponential, self.policy.max_backoff_s) + jitter


def make_retrying(
    policy: RetryPolicy,
    sleep: Callable[[float], Any] = time.sleep,
    on_retry: Callable[[RetryCallState], Any] | None = None,
) -> Retrying:
    """A tenacity controller for one request; the last error is re-raised as is."""
    return Retrying(
        retry=retry_if_exception(is_retryable),
        wait=_WaitHonouringRetryAfter(policy),
        stop=stop_after_attempt(policy.max_attempts),
        sleep=sleep,
        before_sleep=on_retry,
        reraise=True,
    )
