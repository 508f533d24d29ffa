"""Feedback text for an LLM fixing its own code: a traceback limited to the library's frames,
the exception, and the primitive sub-trajectory. Everything that came out of the sandbox is
sanitised (no ANSI or control characters) and capped before it reaches a prompt or a terminal."""

from __future__ import annotations

from typing import Iterable

MAX_FEEDBACK_CHARS = 6000
MAX_FIELD_CHARS = 1500


def sanitize(text: object, limit: int = MAX_FIELD_CHARS) -> str:
    """Plain printable text: escapes, controls and invisible characters removed, length capped
    (see `learnact_engine.sandbox.sanitize`, the one place that cleans untrusted text)."""
    # imported here: the sandbox package imports this module while it initialises
    from learnact_engine.sandbox.sanitize import clean_text

    return clean_text(text, limit)


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
