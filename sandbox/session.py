"""A sandbox session: one action library, many calls, one fresh worker at a time.

The host side of the contract. `load` keeps the library and the primitive handlers; each `call`
runs in the session's worker under the limits, answering primitive requests by calling the
handlers (the environment steps here, on the host) and watching the clock, the output and the
primitive budget. A worker that hit any limit is killed and never reused; the next call gets a
fresh one with the library loaded again.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from learnact_engine.feedback import render_feedback, sanitize
from learnact_engine.sandbox import inbound
from learnact_engine.sandbox.call_expr import CallSyntaxError, parse_call
from learnact_engine.sandbox.channel import WorkerDied, WorkerTimeout
from learnact_engine.sandbox.limits import Limits
from learnact_engine.sandbox.plain import NotPlainData, is_scalar, to_plain
from learnact_engine.sandbox.policy import PolicyViolation
from learnact_engine.sandbox.protocol import FrameTooLarge, ProtocolError
from learnact_engine.sandbox.result import CallError, CallResult, PrimitiveCall
from learnact_engine.sandbox.sanitize import clean_text

LOAD_SECONDS = 20.0
MAX_OBSERVATION_CHARS = 4000  # a primitive's observation as the sub-trajectory keeps it
MAX_COMMAND_CHARS = 1000


@dataclass(frozen=True)
class PrimitiveReply:
    """What a primitive handler may return instead of a bare value: the value and the command."""

    value: Any
    command: str | None = None


PrimitiveHandler = Callable[..., Any]


@dataclass
class LoadResult:
    ok: bool
    functions: list[str] = field(default_factory=list)
    violations: list[PolicyViolation] = field(default_factory=list)

    def message(self) -> str:
        return "; ".join(str(v) for v in self.violations)


class _Abort(Exception):
    """Ends a call whose worker must be killed: carries the status and the reason."""

    def __init__(self, status: str, error_type: str, message: str):
        super().__init__(message)
        self.status, self.error_type, self.message = status, error_type, message


class Session:
    def __init__(self, acquire_worker: Callable[[], Any], limits: Limits, seed: int = 0):
        self._acquire = acquire_worker
        self.limits = limits
        self.seed = seed
        self._worker = None
        self._source: str | None = None
        self._primitives: dict[str, PrimitiveHandler] = {}
        self._load_result: LoadResult | None = None
        self._calls = 0

    # -- library -----------------------------------------------------------------------------
    def load(self, source: str, primitives: Mapping[str, PrimitiveHandler] | None = None) -> LoadResult:
        if len(source.encode("utf-8", "replace")) > self.limits.source_bytes:
            self._load_result = LoadResult(False, violations=[PolicyViolation(0, 0, f"library source is larger than {self.limits.source_bytes} bytes")])
            return self._load_result
        self._discard_worker()
        self._source = source
        self._primitives = dict(primitives or {})
        self._load_result = self._load_into_new_worker()
        return self._load_result

    def _load_into_new_worker(self) -> LoadResult:
        worker = self._acquire()
        deadline = time.monotonic() + LOAD_SECONDS
        if hasattr(worker, "limit_frames"):
            worker.limit_frames(inbound.frame_cap(self.limits))
        try:
            worker.send({"op": "load", "source": self._source, "primitives": sorted(self._primitives),
                         "limits": self.limits.to_dict()}, deadline)
            reply = worker.recv(deadline)
        except (WorkerTimeout, WorkerDied, ProtocolError) as exc:
            worker.kill()
            return LoadResult(False, violations=[PolicyViolation(0, 0, f"the sandbox worker failed while loading: {type(exc).__name__}")])
        if reply.get("op") == "loaded" and isinstance(reply.get("functions"), list):
            self._worker = worker
            return LoadResult(True, functions=[sanitize(f, 200) for f in reply["functions"] if isinstance(f, str)])
        worker.kill()
        violations = []
        for item in reply.get("violations", []) if isinstance(reply.get("violations"), list) else []:
            if isinstance(item, dict):
                line, col = item.get("line"), item.get("col")
                violations.append(PolicyViolation(line if type(line) is int else 0, col if type(col) is int else 0,
                                                  sanitize(item.get("message", ""), 500)))
        return LoadResult(False, violations=violations or [PolicyViolation(0, 0, "library rejected")])

    # -- calls -------------------------------------------------------------------------------
    def call_text(self, expression: str) -> CallResult:
        """Run an action line such as `f("a", 1)`; anything but one literal call is `rejected`."""
        try:
            parsed = parse_call(expression)
        except CallSyntaxError as exc:
            message = sanitize(str(exc), 500)
            return CallResult("rejected", error=CallError("CallSyntaxError", message, None, f"CallSyntaxError: {message}"))
        return self.call(parsed.name, parsed.args, parsed.kwargs)

    def call(self, name: str, args: tuple | list = (), kwargs: dict | None = None) -> CallResult:
        start = time.monotonic()
        if self._load_result is None:
            return CallResult("rejected", error=CallError("NoLibrary", "no library loaded: call load() first"))
        if not self._load_result.ok:
            message = f"library rejected: {self._load_result.message()}"
            return CallResult("rejected", error=CallError("PolicyViolation", message, _first_line(self._load_result), message))
        try:
            plain_args = to_plain(list(args), self.limits.return_bytes)
            plain_kwargs = to_plain(dict(kwargs or {}), self.limits.return_bytes)
        except NotPlainData as exc:
            return CallResult("rejected", error=CallError("ArgumentError", sanitize(f"arguments must be plain data: {exc}", 500)))
        if self._worker is None:
            reloaded = self._load_into_new_worker()
            if not reloaded.ok:
                return CallResult("crashed", error=CallError("WorkerError", reloaded.message()), elapsed_s=time.monotonic() - start)
        self._calls += 1
        return self._run(self._worker, name, plain_args, plain_kwargs, start)

    def _run(self, worker, name: str, args: list, kwargs: dict, start: float) -> CallResult:
        deadline = start + self.limits.wall_seconds
        stdout: list[str] = []
        stdout_size = stdout_messages = 0
        calls: list[PrimitiveCall] = []

        def finish(status: str, value: Any = None, error: CallError | None = None) -> CallResult:
            return CallResult(status, value, error, sanitize("".join(stdout), self.limits.output_bytes), calls,
                              time.monotonic() - start)

        try:
            if hasattr(worker, "limit_frames"):
                worker.limit_frames(inbound.frame_cap(self.limits))
            worker.send({"op": "call", "name": name, "args": args, "kwargs": kwargs,
                         "seed": self.seed + self._calls}, deadline)
            while True:
                message = worker.recv(deadline)
                op = inbound.op_of(message)
                if op == "stdout":
                    text = inbound.stdout_text(message)
                    stdout_size += len(text)
                    stdout_messages += 1  # empty prints count too: each one costs the host a frame
                    if stdout_size > self.limits.output_bytes:
                        stdout.append(text[: max(0, self.limits.output_bytes - (stdout_size - len(text)))])
                        raise _Abort("output_limit", "OutputLimit", f"printed more than {self.limits.output_bytes} characters")
                    if stdout_messages > self.limits.output_messages:
                        raise _Abort("output_limit", "OutputLimit", f"called print more than {self.limits.output_messages} times")
                    stdout.append(text)
                elif op == "primitive":
                    if len(calls) >= self.limits.primitive_calls:
                        raise _Abort("step_budget", "StepBudget", f"more than {self.limits.primitive_calls} primitive calls in one call")
                    calls.append(self._answer_primitive(worker, message, deadline))
                elif op == "result":
                    return self._result(inbound.result_frame(message, self.limits), finish, calls)
                else:
                    raise _Abort("crashed", "ProtocolError", f"unexpected message {sanitize(op, 40)!r} from the worker")
        except inbound.Malformed as exc:
            self._discard_worker()
            return finish("crashed", error=self._error("ProtocolError", str(exc), [], calls))
        except _Abort as abort:
            self._discard_worker()
            return finish(abort.status, error=self._error(abort.error_type, abort.message, [], calls))
        except WorkerTimeout:
            self._discard_worker()
            return finish("timeout", error=self._error("Timeout", f"call exceeded {self.limits.wall_seconds:g} s of wall time", [], calls))
        except FrameTooLarge as exc:
            self._discard_worker()
            return finish("output_limit", error=self._error("OutputLimit", (
                f"the sandboxed code sent {exc.size} bytes at once (a primitive argument, printed text or "
                f"a value), over the limit of {exc.limit}"), [], calls))
        except ProtocolError as exc:
            self._discard_worker()
            return finish("crashed", error=self._error("ProtocolError", str(exc), [], calls))
        except WorkerDied as exc:
            cause = worker.death_cause()
            self._discard_worker()
            if cause == "timeout":
                return finish("timeout", error=self._error("Timeout", f"call exceeded {self.limits.cpu_seconds} s of CPU time", [], calls))
            if cause == "memory":
                return finish("memory", error=self._error("MemoryError", f"memory limit of {self.limits.memory_mb} MB reached", [], calls))
            return finish("crashed", error=self._error("WorkerCrashed", str(exc), [], calls))

    def _answer_primitive(self, worker, message: dict, deadline: float) -> PrimitiveCall:
        name, args = inbound.primitive_request(message, self._primitives)
        command = None
        outcome: Any = None
        try:
            inbound.check_arguments(name, args, self.limits)
            outcome = self._primitives[name](*args)  # anything but these three errors is a host bug
            if isinstance(outcome, PrimitiveReply):
                outcome, command = outcome.value, outcome.command
            if not is_scalar(outcome):
                raise TypeError(f"primitive {name} returned a {type(outcome).__name__}, not plain data")
            reply = {"op": "reply", "value": outcome}
        except (TypeError, ValueError, KeyError) as exc:
            outcome, command = None, None
            kind = "KeyError" if isinstance(exc, KeyError) else "TypeError" if isinstance(exc, TypeError) else "ValueError"
            reply = {"op": "reply", "error": {"type": kind, "message": clean_text(str(exc), 500)}}
        worker.send(reply, deadline)
        observation = clean_text(outcome, MAX_OBSERVATION_CHARS) if type(outcome) is str else outcome
        return PrimitiveCall(name, inbound.recorded_args(args), observation,
                             None if command is None else clean_text(command, MAX_COMMAND_CHARS))

    def _result(self, frame: inbound.ResultFrame, finish, calls) -> CallResult:
        # Statuses come from what the host can vouch for: `memory` only when an allocation failed
        # (caught or not), never from an exception's name; a worker that met its memory limit, or
        # raised anything called MemoryError, or hit any other limit, is never reused.
        memory_hit = frame.allocation_failed
        if memory_hit or frame.status != "ok" and (frame.status != "error" or frame.error_type == "MemoryError"):
            self._discard_worker()
        if memory_hit:
            return finish("memory", error=self._error("MemoryError", f"memory limit of {self.limits.memory_mb} MB reached", frame.frames, calls))
        if frame.status == "ok":
            return finish("ok", frame.value)
        status = "error" if frame.status == "memory" else frame.status
        return finish(status, error=self._error(frame.error_type, frame.message, frame.frames, calls))

    def _error(self, error_type: Any, message: Any, frames: list[dict], calls: list[PrimitiveCall]) -> CallError:
        error_type, message = sanitize(error_type, 100), sanitize(message)
        line = frames[-1]["line"] if frames else None
        traceback = render_feedback(error_type, message, frames, self._source or "", calls)
        return CallError(error_type, message, line, traceback)

    # -- lifetime ----------------------------------------------------------------------------
    def _discard_worker(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker = None

    def close(self) -> None:
        self._discard_worker()

    def __enter__(self) -> "Session":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _first_line(result: LoadResult) -> int | None:
    for violation in result.violations:
        if violation.line:
            return violation.line
    return None
