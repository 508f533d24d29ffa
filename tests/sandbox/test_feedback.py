"""Feedback text for the LLM: library frames only, sanitised, capped."""

from learnact_engine.feedback import render_feedback, sanitize
from learnact_engine.sandbox.result import PrimitiveCall

SOURCE = "def find(x):\n    obs = goto(x)\n    return obs.missing\n"


def test_traceback_shows_library_lines_error_and_primitives():
    text = render_feedback(
        "AttributeError", "'str' object has no attribute 'missing'",
        [{"line": 3, "function": "find"}], SOURCE,
        [PrimitiveCall("goto", ["desk 1"], "You arrive at desk 1.", "go to desk 1")],
    )
    assert 'File "actions.py", line 3, in find' in text
    assert "return obs.missing" in text
    assert "AttributeError: 'str' object has no attribute 'missing'" in text
    assert "go to desk 1 -> 'You arrive at desk 1.'" in text


def test_sanitize_strips_escapes_and_controls_and_caps():
    dirty = "\x1b[31mred\x1b[0m \x1b]0;title\x07ok\x00\x08 \u202eevil\r\nline"
    assert sanitize(dirty) == "red ok evil\nline"
    capped = sanitize("x" * 5000, 100)
    assert capped.startswith("x" * 100) and "4900 more characters truncated" in capped
