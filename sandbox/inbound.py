"""Frames from a worker, checked before the host uses them: the worker is untrusted.

Every field of every frame is type-checked here, capped and cleaned (engine/untrusted.py) once;
anything malformed raises `Malformed`, which the session turns into a `crashed` status (never a
host exception). Primitive arguments get one more check: each string is bounded and clean, and
all of a request's arguments together are bounded, so a library passing one huge string to a
primitive many times makes the host hold nothing large (the primitive just fails).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from learnact_engine.sandbox.limits import Limits
from learnact_engine.sandbox.plain import NotPlainData, is_scalar, to_plain
from learnact_engine.sandbox.sanitize import clean_plain, clean_text, is_clean

MAX_MESSAGE_CHARS = 4000
MAX_TYPE_CHARS = 100
MAX_FRAMES = 50
RECORDED_ARG_CHARS = 80  # an argument as the sub-trajectory keeps it when the call was refused


class Malformed(Exception):
    """A frame that does not follow the protocol."""


class ArgumentRefused(ValueError):
    """Primitive arguments the host will not pass on (the sandboxed code sees a ValueError)."""


def frame_cap(limits: Limits) -> int:
    """The largest frame worth reading: the biggest payload a limit allows, ASCII-escaped (up to
    12 characters per character), plus room for the envelope."""
    largest = max(limits.return_bytes, limits.output_bytes, limits.request_chars, MAX_MESSAGE_CHARS * 2)
    return 12 * largest + 64 * 1024


def op_of(message: dict) -> str:
    op = message.get("op")
    if type(op) is not str:
        raise Malformed("frame without a string 'op'")
    return op


def stdout_text(message: dict) -> str:
    text = message.get("text")
    if type(text) is not str:
        raise Malformed("stdout frame without text")
    return text


def primitive_request(message: dict, names: set[str] | dict) -> tuple[str, list]:
    name, args = message.get("name"), message.get("args")
    if type(name) is not str or name not in names or type(args) is not list or not all(is_scalar(a) for a in args):
        raise Malformed("malformed primitive request from the worker")
    return name, args


def check_arguments(name: str, args: list, limits: Limits) -> None:
    """Raise ArgumentRefused unless every string is short and clean and the request is small."""
    total = 0
    for index, arg in enumerate(args, 1):
        text = arg if type(arg) is str else repr(arg)
        total += len(text)
        if len(text) > limits.argument_chars:
            raise ArgumentRefused(f"{name}() argument {index} is {len(text)} characters long; "
                                  f"the limit is {limits.argument_chars}")
        if type(arg) is str and not is_clean(arg):
            raise ArgumentRefused(f"{name}() argument {index} contains control, invisible or "
                                  "unencodable characters")
    if total > limits.request_chars:
        raise ArgumentRefused(f"{name}() arguments total {total} characters; the limit is {limits.request_chars}")


def recorded_args(args: list) -> list:
    """Arguments as a sub-trajectory keeps them: short, clean strings."""
    return [clean_text(a, RECORDED_ARG_CHARS) if type(a) is str else a for a in args]


@dataclass(frozen=True)
class ResultFrame:
    status: str  # ok | error | output_limit (as the worker says; the host decides about memory)
    value: Any
    error_type: str
    message: str
    frames: list[dict]
    allocation_failed: bool  # the worker saw an allocation fail during the call, caught or not


def result_frame(message: dict, limits: Limits) -> ResultFrame:
    status = message.get("status")
    if status not in ("ok", "error", "memory", "output_limit"):
        raise Malformed("invalid result status")
    allocation_failed = message.get("allocation_failed", False)
    if type(allocation_failed) is not bool:
        raise Malformed("invalid allocation_failed field")
    if status == "ok":
        try:
            value = clean_plain(to_plain(message.get("value"), limits.return_bytes))
        except NotPlainData as exc:
            return ResultFrame("output_limit", None, "ReturnValueError", str(exc), [], allocation_failed)
        return ResultFrame("ok", value, "", "", [], allocation_failed)
    error = message.get("error")
    if type(error) is not dict:
        raise Malformed("error result without an error record")
    error_type, text, frames = error.get("type", "Error"), error.get("message", ""), error.get("frames", [])
    if type(error_type) is not str or type(text) is not str or type(frames) is not list:
        raise Malformed("error record with fields of the wrong type")
    kept = []
    for frame in frames[-MAX_FRAMES:]:
        if type(frame) is not dict:
            raise Malformed("error frame that is not a record")
        line, function = frame.get("line"), frame.get("function", "?")
        if type(line) is not int or type(function) is not str:
            raise Malformed("error frame with fields of the wrong type")
        kept.append({"line": line, "function": clean_text(function, MAX_TYPE_CHARS)})
    return ResultFrame(status, None, clean_text(error_type, MAX_TYPE_CHARS), clean_text(text, MAX_MESSAGE_CHARS),
                       kept, allocation_failed)
