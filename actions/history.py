"""One action's versions across the rounds of a run, and what caused each change."""

from __future__ import annotations

import os
from dataclasses import dataclass

from learnact_engine.actions.diff import diff_libraries
from learnact_engine.actions.library import ActionLibrary
from learnact_engine.actions.store import Provenance, list_rounds, load_round


@dataclass(frozen=True)
class ActionVersion:
    round: int
    status: str  # added | modified | removed | unchanged
    change: str | None  # logic | docstring | formatting | notes
    content_hash: str | None
    signature: str | None
    notes: tuple[str, ...]
    provenance: Provenance | None
    unified_diff: str  # against the previous round's version ("" when unchanged)

    def to_dict(self) -> dict:
        return {
            "round": self.round, "status": self.status, "change": self.change,
            "content_hash": self.content_hash, "signature": self.signature, "notes": list(self.notes),
            "provenance": self.provenance.to_dict() if self.provenance else None,
            "unified_diff": self.unified_diff,
        }


def _only(library: ActionLibrary | None, name: str) -> ActionLibrary:
    action = library.get(name) if library is not None else None
    return ActionLibrary((action,), library.imports) if action else ActionLibrary()


def action_history(run_dir: str | os.PathLike, name: str) -> list[ActionVersion]:
    """Every round in which `name` exists or disappears; unchanged rounds included.

    Raises KeyError when no round of the run ever defined the action.
    """
    versions: list[ActionVersion] = []
    previous = None
    for number in list_rounds(run_dir):
        current = load_round(run_dir, number)
        before = previous.library if previous else None
        was_there = before is not None and name in before
        if name not in current.library and not was_there:
            previous = current
            continue
        # Diff only this action (status and unified diff need nothing else).
        single = diff_libraries(_only(before, name), _only(current.library, name))
        entry = next(a for a in single.actions if a.name == name)
        record = current.change_for(name)
        action = current.library.get(name)
        versions.append(ActionVersion(
            round=number, status=entry.status, change=entry.change,
            content_hash=action.content_hash if action else None,
            signature=action.signature if action else None,
            notes=action.notes if action else (),
            provenance=record.provenance if record else None,
            unified_diff=entry.unified_diff,
        ))
        previous = current
    if not versions:
        rounds = list_rounds(run_dir)
        where = f"rounds {rounds[0]}..{rounds[-1]}" if rounds else "no rounds"
        raise KeyError(f"no round of {run_dir} defines an action named {name!r} ({where})")
    return versions
