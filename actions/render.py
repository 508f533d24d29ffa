"""Readable, optionally coloured text for library diffs and action histories.

Everything shown comes from LLM-written code and notes, so control characters (ANSI escapes
included) are made visible before they reach a terminal; only our own colour codes are raw.
"""

from __future__ import annotations

import re

from learnact_engine.actions.diff import LibraryDiff
from learnact_engine.actions.history import ActionVersion

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CODES = {"red": "31", "green": "32", "yellow": "33", "blue": "34", "magenta": "35", "cyan": "36",
          "bold": "1", "dim": "2"}
_STATUS_STYLE = {"added": ("+", "green"), "removed": ("-", "red"), "modified": ("~", "yellow"),
                 "unchanged": ("=", "dim")}


def sanitise(text: str) -> str:
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class Painter:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, text: str, *styles: str) -> str:
        text = sanitise(text)
        if not self.color or not styles:
            return text
        return "\x1b[" + ";".join(_CODES[s] for s in styles) + "m" + text + "\x1b[0m"

    def diff_line(self, line: str) -> str:
        if line.startswith(("+++", "---")):
            return self(line, "bold")
        if line.startswith("@@"):
            return self(line, "cyan")
        if line.startswith("+"):
            return self(line, "green")
        if line.startswith("-"):
            return self(line, "red")
        return self(line)


def _ref(ref: dict) -> str:
    return f"{ref.get('label')} ({str(ref.get('hash'))[:12]})"


def _delta(label: str, added: list, removed: list) -> str | None:
    if not added and not removed:
        return None
    return f"{label}: " + " ".join([f"+{a!r}" if label == "observation matches" else f"+{a}" for a in added]
                                   + [f"-{r!r}" if label == "observation matches" else f"-{r}" for r in removed])


def render_diff(diff: LibraryDiff, color: bool = False, show_unchanged: bool = False) -> str:
    paint = Painter(color)
    out = [paint(f"library diff {_ref(diff.from_ref)} -> {_ref(diff.to_ref)}", "bold")]
    for statement in diff.imports_added:
        out.append(paint(f"import added: {statement}", "magenta"))
    for statement in diff.imports_removed:
        out.append(paint(f"import removed: {statement}", "magenta"))
    for action in diff.actions:
        if action.status == "unchanged" and not show_unchanged:
            continue
        mark, style = _STATUS_STYLE[action.status]
        what = action.status
        if action.change:
            what += " (formatting only)" if action.change == "formatting" else f" ({action.change})"
        details = [d for d, on in (("signature changed", action.signature_changed),
                                   ("docstring changed", action.docstring_changed),
                                   ("notes changed", action.notes_changed)) if on]
        out.append("")
        out.append(paint(f"{mark} {action.name}", style, "bold") + "  " + paint(what, style)
                   + (paint("  " + ", ".join(details), "dim") if details else ""))
        if action.signature_changed:
            out.append(f"    signature: {paint(action.from_signature or '')} -> {paint(action.to_signature or '')}")
        facts = action.facts
        if facts:
            for line in (
                _delta("primitive calls", facts["primitive_calls_added"], facts["primitive_calls_removed"]),
                _delta("action calls", facts["action_calls_added"], facts["action_calls_removed"]),
                _delta("imports", facts["imports_added"], facts["imports_removed"]),
                _delta("observation matches", facts["matches_added"], facts["matches_removed"]),
                _delta("notes", facts["notes_added"], facts["notes_removed"]),
                (f"loops: {facts['loops']['from']} -> {facts['loops']['to']}"
                 if facts["loops"]["from"] != facts["loops"]["to"] else None),
            ):
                if line:
                    out.append("    " + paint(line))
        for flag in action.flags:
            out.append("    " + paint(f"! line {flag.line} {flag.code}: {flag.message}", "red", "bold"))
        if action.unified_diff and action.change != "notes":
            out += ["    " + paint.diff_line(line) for line in action.unified_diff.rstrip("\n").split("\n")]
    s = diff.summary
    kinds = ", ".join(f"{n} {k}" for k, n in s["changes"].items() if n)
    out.append("")
    out.append(paint(
        f"summary: {s['added']} added, {s['removed']} removed, {s['modified']} modified"
        + (f" ({kinds})" if kinds else "") + f", {s['unchanged']} unchanged, {s['flags']} flag(s)", "bold"))
    return "\n".join(out) + "\n"


def render_history(name: str, versions: list[ActionVersion], color: bool = False, show_diff: bool = False) -> str:
    paint = Painter(color)
    out = [paint(f"history of {name}", "bold")]
    for version in versions:
        mark, style = _STATUS_STYLE[version.status]
        what = version.status + (f" ({version.change})" if version.change else "")
        digest = version.content_hash[:12] if version.content_hash else "-"
        out.append(paint(f"round {version.round:>3}  {mark} {what:<24}", style) + f" {digest}  "
                   + paint(version.signature or ""))
        if version.status != "unchanged":
            cause = version.provenance
            if cause is None:
                out.append(paint("    cause: not recorded", "dim"))
            else:
                parts = [f"task {cause.task}" if cause.task else None,
                         f"step {cause.step}" if cause.step is not None else None,
                         cause.reason]
                out.append("    cause: " + paint(", ".join(p for p in parts if p) or "-"))
                if cause.feedback:
                    out += ["    feedback: " + paint(line) for line in cause.feedback.strip().splitlines()[:8]]
        for note in version.notes if version.change == "notes" else ():
            out.append("    note: " + paint(note))
        if show_diff and version.unified_diff:
            out += ["    " + paint.diff_line(line) for line in version.unified_diff.rstrip("\n").split("\n")]
    return "\n".join(out) + "\n"
