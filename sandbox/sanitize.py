"""Untrusted text: the one place that makes text from the sandbox or from an LLM safe to keep.

Text crosses into the host from sandboxed code (stdout, errors, primitive arguments, results)
and from models (replies, agent lines). Before the host keeps, prints, writes or prompts with it,
it passes through here, once, at the boundary:

- lone surrogates (text that cannot be encoded as UTF-8, e.g. from `"\\ud800"` or undecodable
  bytes) become a visible escape, `\\ud800`, so no writer raises `UnicodeEncodeError`;
- Unicode tag characters (U+E0000-U+E007F, invisible text smuggling), the byte-order mark
  U+FEFF, zero-width and bidirectional controls, ANSI escape sequences and C0/C1 control
  characters are removed;
- line and paragraph separators (U+2028, U+2029) and other line breaks become a plain newline,
  so a line-based reader sees the same lines as a person does;
- the length is capped, with a note saying how much was cut.
"""

from __future__ import annotations

import re

MAX_FIELD_CHARS = 1500

_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ANSI = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f"  # C0 / C1 controls (tab and newline are kept)
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e007f]"  # tag characters
)


def _escape_surrogate(match: re.Match) -> str:
    return f"\\u{ord(match.group()):04x}"


def clean_text(text: object, limit: int | None = MAX_FIELD_CHARS) -> str:
    """Printable, encodable text with the same lines; None becomes ''; capped at `limit` chars."""
    if type(text) is not str:
        try:
            text = "" if text is None else str(text)
        except Exception:  # noqa: BLE001 - str() of an untrusted object may fail in any way
            text = "<unprintable value>"
    original = len(text)
    if limit is not None and original > 4 * limit + 64:
        text = text[: 4 * limit + 64]  # bound the work below on huge inputs
    text = _SURROGATE.sub(_escape_surrogate, text)
    text = _INVISIBLE.sub("", _ANSI.sub("", _LINE_BREAKS.sub("\n", text)))
    if limit is not None and len(text) > limit:
        cut = len(text) - limit + (original - 4 * limit - 64 if original > 4 * limit + 64 else 0)
        text = f"{text[:limit]}... [{cut} more characters truncated]"
    return text


def clean_line(text: object, limit: int | None = MAX_FIELD_CHARS) -> str:
    """One line of text (an agent's action line, a command): line breaks become spaces."""
    return clean_text(text, limit).replace("\n", " ").replace("\t", " ")


def is_clean(text: str) -> bool:
    """Whether a string is already what `clean_text` would keep (no length cap)."""
    return clean_text(text, None) == text


def encodable(text: str) -> bool:
    return _SURROGATE.search(text) is None


def clean_plain(value: object) -> object:
    """Plain data (see sandbox/plain.py) with every string, keys included, cleaned, uncapped: the
    size of what crossed is capped where it crossed."""
    kind = type(value)
    if kind is str:
        return clean_text(value, None)
    if kind is list:
        return [clean_plain(item) for item in value]
    if kind is dict:
        return {clean_text(key, None): clean_plain(item) for key, item in value.items()}
    return value
