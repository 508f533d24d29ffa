"""Diff two action libraries action by action: status, what kind of change, facts and risk flags.

Formatting is told apart from logic by comparing Python ASTs (comments, spacing, quoting and line
breaks vanish there), with the docstring set aside so a docstring edit is its own kind of change.
The JSON form is stable: sorted keys, actions in the new library's order, then removed ones.
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass, field

from learnact_engine.actions.analysis import BUILTIN_NAMES, FunctionFacts, analyse, import_bindings
from learnact_engine.actions.flags import Flag, risk_flags
from learnact_engine.actions.library import Action, ActionLibrary

STATUSES = ("added", "removed", "modified", "unchanged")


def _logic_dump(source: str) -> str:
    """The function's AST without its docstring: equal dumps mean the same logic."""
    function = ast.parse(source).body[0]
    body = function.body  # type: ignore[attr-defined]
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        body = body[1:]
    function.body = body or [ast.Pass()]  # type: ignore[attr-defined]
    return ast.dump(function)


def _change_kind(old: Action, new: Action) -> str | None:
    if old.source == new.source:
        return None if (old.notes, old.description) == (new.notes, new.description) else "notes"
    if _logic_dump(old.source) != _logic_dump(new.source):
        return "logic"
    return "docstring" if old.docstring != new.docstring else "formatting"


def _unified(name: str, old: Action | None, new: Action | None) -> str:
    lines = difflib.unified_diff(
        old.source.splitlines() if old else [], new.source.splitlines() if new else [],
        fromfile=f"a/{name}", tofile=f"b/{name}", lineterm="",
    )
    return "\n".join(lines) + "\n" if old is None or new is None or old.source != new.source else ""


def _added_removed(old: frozenset[str], new: frozenset[str]) -> tuple[list[str], list[str]]:
    return sorted(new - old), sorted(old - new)


@dataclass(frozen=True)
class _Context:
    library: ActionLibrary
    names: frozenset[str]  # action names of both libraries
    primitives: frozenset[str]  # empty when unknown

    def facts(self, action: Action) -> FunctionFacts:
        bound = frozenset().union(*(import_bindings(i) for i in self.library.imports)) \
            if self.library.imports else frozenset()
        return analyse(action.source, bound)

    def primitive_calls(self, facts: FunctionFacts) -> frozenset[str]:
        if self.primitives:
            return facts.calls & self.primitives
        return frozenset(c for c in facts.calls if c not in self.names and c not in BUILTIN_NAMES)

    def imports_used(self, facts: FunctionFacts) -> frozenset[str]:
        used = {i for i in self.library.imports if import_bindings(i) & facts.modules_used}
        return frozenset(used) | facts.imports


@dataclass(frozen=True)
class ActionDiff:
    name: str
    status: str  # added | removed | modified | unchanged
    change: str | None  # logic | docstring | formatting | notes (modified only)
    signature_changed: bool
    docstring_changed: bool
    notes_changed: bool
    unified_diff: str
    facts: dict = field(default_factory=dict)
    flags: tuple[Flag, ...] = ()
    from_hash: str | None = None
    to_hash: str | None = None
    from_signature: str | None = None
    to_signature: str | None = None

    def to_dict(self) -> dict:
        return {
            "name": self.name, "status": self.status, "change": self.change,
            "signature_changed": self.signature_changed, "docstring_changed": self.docstring_changed,
            "notes_changed": self.notes_changed, "unified_diff": self.unified_diff, "facts": self.facts,
            "flags": [f.to_dict() for f in self.flags], "from_hash": self.from_hash, "to_hash": self.to_hash,
            "from_signature": self.from_signature, "to_signature": self.to_signature,
        }


@dataclass(frozen=True)
class LibraryDiff:
    from_ref: dict  # {"label", "hash", "round"}
    to_ref: dict
    actions: tuple[ActionDiff, ...]
    imports_added: tuple[str, ...]
    imports_removed: tuple[str, ...]

    @property
    def summary(self) -> dict:
        counts = {status: sum(a.status == status for a in self.actions) for status in STATUSES}
        kinds = {kind: sum(a.change == kind for a in self.actions)
                 for kind in ("logic", "docstring", "formatting", "notes")}
        return {
            **counts,
            "changes": kinds,
            "flags": sum(len(a.flags) for a in self.actions),
            "imports_added": list(self.imports_added),
            "imports_removed": list(self.imports_removed),
        }

    def to_dict(self) -> dict:
        return {"from": self.from_ref, "to": self.to_ref,
                "actions": [a.to_dict() for a in self.actions], "summary": self.summary}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=True) + "\n"


def _facts_delta(old_ctx: _Context, new_ctx: _Context, old: Action | None, new: Action | None) -> tuple[dict, FunctionFacts | None, FunctionFacts | None]:
    empty = FunctionFacts(frozenset(), 0, frozenset(), frozenset(), frozenset())
    old_facts = old_ctx.facts(old) if old else None
    new_facts = new_ctx.facts(new) if new else None
    a, b = old_facts or empty, new_facts or empty
    delta: dict = {}
    delta["primitive_calls_added"], delta["primitive_calls_removed"] = _added_removed(
        old_ctx.primitive_calls(a), new_ctx.primitive_calls(b))
    delta["action_calls_added"], delta["action_calls_removed"] = _added_removed(
        a.calls & old_ctx.names, b.calls & new_ctx.names)
    delta["imports_added"], delta["imports_removed"] = _added_removed(old_ctx.imports_used(a), new_ctx.imports_used(b))
    delta["matches_added"], delta["matches_removed"] = _added_removed(a.matches, b.matches)
    delta["loops"] = {"from": a.loops, "to": b.loops}
    delta["notes_added"], delta["notes_removed"] = _added_removed(
        frozenset(old.notes if old else ()), frozenset(new.notes if new else ()))
    return delta, old_facts, new_facts


def diff_libraries(old: ActionLibrary, new: ActionLibrary, from_ref: dict | None = None,
                   to_ref: dict | None = None) -> LibraryDiff:
    names = frozenset(old.names) | frozenset(new.names)
    primitives = old.primitive_names | new.primitive_names
    old_ctx, new_ctx = _Context(old, names, primitives), _Context(new, names, primitives)
    added_imports = sorted(set(new.imports) - set(old.imports))
    removed_imports = sorted(set(old.imports) - set(new.imports))
    new_import_bindings = {i: import_bindings(i) for i in added_imports}
    spans = new.line_spans()
    results: list[ActionDiff] = []
    order = list(new.names) + [n for n in old.names if n not in new]
    for name in order:
        before, after = old.get(name), new.get(name)
        if before is None:
            status, change = "added", None
        elif after is None:
            status, change = "removed", None
        else:
            change = _change_kind(before, after)
            status = "unchanged" if change is None else "modified"
        facts, old_facts, new_facts = ({}, None, None) if status == "unchanged" else \
            _facts_delta(old_ctx, new_ctx, before, after)
        flags: tuple[Flag, ...] = ()
        if after is not None and status != "unchanged" and change != "notes":
            flags = tuple(risk_flags(new_facts, old_facts, new_import_bindings, spans[name][0] - 1,
                                      defined_names=names | primitives))
        results.append(ActionDiff(
            name=name, status=status, change=change,
            signature_changed=bool(before and after and before.signature != after.signature),
            docstring_changed=bool(before and after and before.docstring != after.docstring),
            notes_changed=bool(before and after and before.notes != after.notes),
            unified_diff=_unified(name, before, after) if status != "unchanged" else "",
            facts=facts, flags=flags,
            from_hash=before.content_hash if before else None,
            to_hash=after.content_hash if after else None,
            from_signature=before.signature if before else None,
            to_signature=after.signature if after else None,
        ))
    default_ref = lambda lib, label: {"label": label, "hash": lib.hash, "round": None}  # noqa: E731
    return LibraryDiff(from_ref or default_ref(old, "from"), to_ref or default_ref(new, "to"),
                       tuple(results), tuple(added_imports), tuple(removed_imports))
