"""Prompts that fit the model's context window (the reference's history budget), and calls that
survive a prompt that does not.

Agent prompts: the oldest history items are dropped, one at a time, until the prompt fits its
budget; the instruction, notes, examples and goal never are. The clean preset keeps the initial
observation and reserves the reply's tokens (budget = window - min(max_tokens, window / 8); a
larger max_tokens is clamped to the room the prompt leaves; a prompt whose fixed part fits only
with less is sent with 64 tokens of room); the paper preset does
what the reference's `make_prompt` does: the prompt alone must fit min(window, 8,192 tokens, or
4,096 for GPT-3.5 models), and the initial observation is simply the oldest item.

Learner prompts: first the oldest exchanges of a repair conversation go (the first request and the
latest exchange stay); then trajectories are shortened, oldest steps first: the trajectory with the
most steps loses its oldest step (a line "[N earlier steps omitted]" takes its place), again and
again, until the prompt fits; each trajectory keeps at least its last step.

A window that is only the default guess (nothing published it) never refuses a prompt: history is
trimmed to it, but a longer fixed part is sent and the server's answer decides (a rejection teaches
the real window). A call rejected for its length (by our count before sending, or by the server) is rebuilt for the
window the rejection named, or, when it named none smaller, with 10 % of the window more room, up to
`MAX_CONTEXT_RETRIES` times; a prompt whose minimum does not fit
raises `PromptFailed("context")`. Any other failed request (not authentication, not a spent budget)
raises `PromptFailed("llm_error")`, so the caller ends one episode or drops one sample and the run
goes on; `MAX_CONSECUTIVE_FAILURES` in a row stop the run (the server is gone).

A prompt whose untrimmed form the run's cassette already answered (a resumed run) is sent as it is;
a pure replay also looks for the trimmed form the recorded run sent (the fewest items dropped first),
so it sends what the recorded run sent whatever its own token counts say.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from learnact_engine.llm.context_window import paper_budget
from learnact_engine.llm.types import LLMAuthError, LLMContextError, LLMError, LLMRequestError, build_request

MAX_CONTEXT_RETRIES = 3
RETRY_MARGIN = 0.10  # of the window, added per retry
REPLY_SHARE = 8  # a reply reserves at most 1/8 of the window
MIN_REPLY_RESERVE = 64  # the least room a prompt that cannot fit otherwise leaves for its reply
MAX_CONSECUTIVE_FAILURES = 5
_STEP = re.compile(r"^(Action:|Think:)")
_OMITTED = re.compile(r"^\[(\d+) earlier steps? omitted\]$")
_failures = threading.local()


class PromptFailed(Exception):
    """One prompt could not be answered: status "context" (it cannot fit) or "llm_error"."""

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status


class LLMUnavailableError(LLMError):
    """Too many requests in a row failed: the run stops (resumable) instead of recording failures."""


class PromptTooLong(Exception):
    """Even the shortest form of the prompt does not fit its budget."""


def prompt_budget(llm, preset: str, reply_tokens: int, margin: int = 0) -> int:
    """The most tokens a prompt may take: the window less the reply's reserve (its max_tokens, at most
    an eighth of the window: a bigger cap is clamped to the room left), less 10 % per `margin` step
    (a retry whose rejection taught no smaller window: our count fell short)."""
    window = llm.window.tokens
    if preset == "paper" and margin == 0:
        budget = min(paper_budget(llm.model), window)
    else:
        budget = window - min(reply_tokens, window // REPLY_SHARE)
    return budget - int(margin * RETRY_MARGIN * window)


@dataclass
class Fitter:
    """Fits one prompt into `budget` tokens of `llm`'s counter; counts what it dropped."""

    llm: Any
    budget: int
    paper: bool = False
    strict: bool = True  # False (a guessed window): give the shortest form instead of PromptTooLong
    prefer: Callable[[list[dict]], bool] | None = None  # a form the run's cassette already answered
    prefer_trimmed: bool = False  # a pure replay: also trimmed forms (a live run only the untrimmed one)
    dropped: int = field(default=0)

    def fits(self, messages: Sequence[dict]) -> bool:
        return self.llm.count_tokens(messages) <= self.budget

    def fit(self, render: Callable[[list[str]], list[dict]], items: Sequence[str], keep_first: int = 0) -> list[dict]:
        """render(kept items) with the oldest items dropped until it fits. The first `keep_first`
        items are pinned (the paper preset pins nothing, as the reference)."""
        items = list(items)
        pinned = 0 if self.paper else min(keep_first, len(items))
        if self.prefer is not None:  # a replay or a resume: the form the recorded run sent, if any
            for drop in range(len(items) - pinned + 1 if self.prefer_trimmed else 1):
                messages = render(items[:pinned] + items[pinned + drop:])
                if self.prefer(messages):
                    self.dropped += drop
                    return messages
        messages = render(items)
        if self.fits(messages):
            return messages
        count_text = self.llm.counter.count_text
        over = self.llm.count_tokens(messages) - self.budget
        drop, freed = 0, 0
        droppable = items[pinned:]
        while drop < len(droppable) and freed < over:  # a first guess from the items' own counts
            freed += count_text(droppable[drop]) + 1
            drop += 1
        while True:
            kept = items[:pinned] + droppable[drop:]
            messages = render(kept)
            if self.fits(messages):
                self.dropped += drop
                return messages
            if drop >= len(droppable):
                if not self.strict:
                    self.dropped += drop
                    return messages
                raise PromptTooLong(f"the prompt's fixed part takes about {self.llm.count_tokens(messages)} tokens, "
                                    f"over its budget of {self.budget}")
            drop += 1

    def shorten(self, messages: Sequence[dict]) -> list[dict]:
        """A learner request made to fit: old repair exchanges first, then trajectory steps."""
        messages = [dict(m) for m in messages]
        if self.prefer is not None and self.prefer(messages):
            return messages
        while not self.fits(messages) and not (self.prefer_trimmed and self.prefer(messages)):
            first_user = next((i for i, m in enumerate(messages) if m["role"] == "user"), 0)
            if len(messages) - first_user > 3:  # first request, [old exchanges], last reply + last error
                del messages[first_user + 1: first_user + 3]
                self.dropped += 1
                continue
            if not _drop_oldest_step(messages):
                if not self.strict:
                    return messages
                raise PromptTooLong(f"the learner prompt takes about {self.llm.count_tokens(messages)} tokens "
                                    f"even with every trajectory cut to its last step; budget {self.budget}")
            self.dropped += 1
        return messages


def _trajectories(lines: list[str]) -> list[tuple[int, list[int], int | None]]:
    """(omitted so far, start line of each step, marker line) for each run of consecutive steps."""
    found, index = [], 0
    while index < len(lines):
        marker, omitted = None, 0
        match = _OMITTED.match(lines[index])
        start = index + 1 if match else index
        if match:
            marker, omitted = index, int(match.group(1))
        steps = []
        cursor = start
        while cursor < len(lines) and _STEP.match(lines[cursor]):
            steps.append(cursor)
            cursor += 1
            while cursor < len(lines) and lines[cursor].startswith("Observation:"):
                cursor += 1
        if steps:
            found.append((omitted, steps + [cursor], marker))
            index = cursor
        else:
            index += 1
    return found


def _drop_oldest_step(messages: list[dict]) -> bool:
    """Remove the oldest step of the longest trajectory in the user messages; False if none can go."""
    best = None
    for position, message in enumerate(messages):
        if message["role"] != "user":
            continue
        lines = message["content"].split("\n")
        for omitted, bounds, marker in _trajectories(lines):
            steps = len(bounds) - 1
            if steps >= 2 and (best is None or steps > best[0]):
                best = (steps, position, lines, omitted, bounds, marker)
    if best is None:
        return False
    _steps, position, lines, omitted, bounds, marker = best
    first, second = bounds[0], bounds[1]
    note = f"[{omitted + 1} earlier step{'s' if omitted + 1 > 1 else ''} omitted]"
    if marker is None:
        lines[first:second] = [note]
    else:
        lines[marker:second] = [note]
    messages[position] = {**messages[position], "content": "\n".join(lines)}
    return True


def complete_fitted(llm, build: Callable[[Fitter], list[dict]], *, preset: str, max_tokens: int,
                    sent: dict | None = None, **kwargs):
    """llm.complete(build(fitter), max_tokens=..., **kwargs), fitted to the window and retried with
    more room after a context rejection. `sent` (a dict) receives the messages really sent. Raises
    PromptFailed; auth, budget and replay errors pass."""
    if not hasattr(llm, "window"):  # an LLM without a window (not metered): nothing to fit
        messages = build(_Unfitted())
        if sent is not None:
            sent["messages"] = messages
        return llm.complete(messages, max_tokens=max_tokens, **kwargs)
    last, margin = "", 0
    for _attempt in range(MAX_CONTEXT_RETRIES + 1):
        window = llm.window.tokens
        fitter = None
        # the full reply reserve first; a prompt that fits only with less is still sent (its reply is
        # clamped to the room left); a guessed (default) window never refuses: the server decides
        for reserve in (max_tokens, MIN_REPLY_RESERVE):
            fitter = Fitter(llm, prompt_budget(llm, preset, reserve, margin), paper=preset == "paper",
                            strict=llm.window.source != "default" or reserve != MIN_REPLY_RESERVE,
                            prefer=_recorded_form(llm, max_tokens, kwargs) if margin == 0 else None,
                            prefer_trimmed=getattr(getattr(llm, "inner", None), "mode", None) == "replay")
            try:
                messages = build(fitter)
                break
            except PromptTooLong as exc:
                last = str(exc)
        else:
            llm.ledger.note("context_episode")
            raise PromptFailed("context", last)
        if fitter.dropped:
            llm.ledger.note("context_trimmed")
        if sent is not None:
            sent["messages"] = messages
        try:  # (the reply is clamped to the room the window leaves, on the wire only: llm.accounting)
            completion = llm.complete(messages, max_tokens=max_tokens, **kwargs)
        except LLMContextError as exc:
            llm.ledger.note("context_retry")
            last = str(exc)
            if llm.window.tokens >= window:  # no smaller window learned: our count was short, ask for more room
                margin += 1
            continue
        except LLMAuthError:
            raise
        except LLMRequestError as exc:
            _failed(llm, exc)
            raise PromptFailed("llm_error", str(exc)) from None
        _failures.__dict__.pop(id(llm), None)
        return completion
    llm.ledger.note("context_episode")
    raise PromptFailed("context", f"still too long after {MAX_CONTEXT_RETRIES} trimmed retries: {last}")


class _Unfitted:
    dropped = 0

    @staticmethod
    def fit(render, items, keep_first: int = 0):
        return render(list(items))

    @staticmethod
    def shorten(messages):
        return [dict(m) for m in messages]


def _recorded_form(llm, max_tokens: int, kwargs: dict) -> Callable[[list[dict]], bool] | None:
    """Whether the run's cassette holds an answer to these messages (with this call's settings): a
    replay or a resumed run then sends what the recorded run sent, whatever its token counts say."""
    check = getattr(getattr(llm, "inner", None), "is_recorded", None)
    if check is None:
        return None

    def recorded(messages: list[dict]) -> bool:
        try:
            request = build_request(messages, kwargs.get("stop"), kwargs.get("temperature", 0.0), kwargs.get("seed"),
                                    max_tokens, kwargs.get("grammar"))
        except ValueError:
            return False
        return bool(check(request))

    return recorded


def complete_learner(llm, messages: Sequence[dict], *, preset: str, max_tokens: int, **kwargs):
    """A learner request, shortened to fit (see the module doc)."""
    return complete_fitted(llm, lambda fitter: fitter.shorten(messages), preset=preset, max_tokens=max_tokens,
                           **kwargs)


def _failed(llm, exc: Exception) -> None:
    count = _failures.__dict__.get(id(llm), 0) + 1
    _failures.__dict__[id(llm)] = count
    llm.ledger.note("llm_error")
    if count >= MAX_CONSECUTIVE_FAILURES:
        _failures.__dict__.pop(id(llm), None)
        raise LLMUnavailableError(f"{count} requests in a row failed; the last: {exc}. Finished episodes are "
                                  "kept: fix the endpoint and continue with --resume") from None
