"""Feedback text for an LLM fixing its own code: a traceback limited to the library's frames,
the exception, and the primitive sub-trajectory. Everything that came out of the sandbox is
sanitised (no ANSI or control characters) and capped before it reaches a prompt or a terminal."""

from __future__ import annotations

import re
from typing import Iterable

MAX_FEEDBACK_CHARS = 6000
MAX_FIELD_CHARS = 1500

_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def sanitize(text: object, limit: int = MAX_FIELD_CHARS) -> str:
    """Plain printable text: escapes and control characters removed, length capped."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    text = _CONTROL.sub("", _ANSI.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    if len(text) > limit:
        text = f"{text[:limit]}... [{len(text) - limit} more characters truncated]"
    return text


def _short(value: object, limit: int = 200) -> str:
    return sanitize(repr(value) if not isinstance(value, str) else repr(value), limit)


def render_feedback(
    error_type: str,
    message: str,
    frames: Iterable[dict],
    source: str,
    primitive_calls: Iterable[object] = (),
) -> str:
    """Traceback-style text: library frames with their source lines, the error, the primitives."""
    lines = source.splitlines()
    out = ["Traceback (most recent call last, action library frames only):"]
    for frame in frames:
        line_no = frame.get("line")
        function = sanitize(frame.get("function", "?"), 100)
        out.append(f'  File "actions.py", line {line_no}, in {function}')
        if isinstance(line_no, int) and 1 <= line_no <= len(lines):
            out.append(f"    {sanitize(lines[line_no - 1].strip(), 300)}")
    out.append(f"{sanitize(error_type, 100)}: {sanitize(message)}".rstrip(": "))
    calls = list(primitive_calls)
    if calls:
        out.append("Primitive calls made before the error (command -> observation):")
        for call in calls[-20:]:
            command = getattr(call, "command", None) or (
                f"{getattr(call, 'name', '?')}({', '.join(_short(a, 80) for a in getattr(call, 'args', []))})"
            )
            out.append(f"  {sanitize(command, 300)} -> {_short(getattr(call, 'observation', None), 400)}")
        if len(calls) > 20:
            out.insert(-20, f"  ... {len(calls) - 20} earlier calls omitted")
    return sanitize("\n".join(out), MAX_FEEDBACK_CHARS)
