"""A learned library's history for the HTML report: per task type, round by round, each action's
code, its side-by-side diff from the previous round with risk flags, provenance and notes.

Reads `RUN/learn/<type>/library/round-NNN/` (verified against their manifests) and the round
records `RUN/learn/<type>/round-NNN.json` (candidates, selection, stop reason) when present.
A round that fails verification is shown as such, never trusted.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

from learnact_engine.actions.diff import diff_libraries
from learnact_engine.actions.errors import RoundError
from learnact_engine.actions.library import ActionLibrary
from learnact_engine.actions.store import list_rounds, load_round


@dataclass(frozen=True)
class SideBySideRow:
    kind: str  # equal | delete | insert | replace
    old_number: int | None
    old_text: str | None
    new_number: int | None
    new_text: str | None


@dataclass(frozen=True)
class ActionRound:
    name: str
    status: str  # added | modified | removed | unchanged
    change: str | None
    signature: str | None
    source: str | None  # the code in this round (None once removed)
    notes: tuple[str, ...]
    description: str
    flags: tuple[dict, ...]
    provenance: dict | None
    side_by_side: tuple[SideBySideRow, ...]


@dataclass(frozen=True)
class LibraryRound:
    number: int
    library_hash: str | None
    imports: tuple[str, ...]
    actions: tuple[ActionRound, ...]
    record: dict = field(default_factory=dict)  # round-NNN.json (candidates, best, stop)
    error: str | None = None


@dataclass(frozen=True)
class TypeHistory:
    task_type: str
    rounds: tuple[LibraryRound, ...]


def side_by_side(old: str | None, new: str | None) -> tuple[SideBySideRow, ...]:
    """Aligned rows of two sources (difflib opcodes), as a side-by-side diff shows them."""
    a, b = (old or "").splitlines(), (new or "").splitlines()
    rows: list[SideBySideRow] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            rows += [SideBySideRow("equal", i + 1, a[i], j + 1, b[j]) for i, j in zip(range(i1, i2), range(j1, j2))]
            continue
        left, right = list(range(i1, i2)), list(range(j1, j2))
        for k in range(max(len(left), len(right))):
            i = left[k] if k < len(left) else None
            j = right[k] if k < len(right) else None
            kind = "replace" if i is not None and j is not None else ("delete" if j is None else "insert")
            rows.append(SideBySideRow(kind, None if i is None else i + 1, None if i is None else a[i],
                                      None if j is None else j + 1, None if j is None else b[j]))
    return tuple(rows)


def _round_record(type_dir: Path, number: int) -> dict:
    path = type_dir / f"round-{number:03d}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def type_history(type_dir: Path) -> TypeHistory:
    rounds: list[LibraryRound] = []
    previous = ActionLibrary()
    for number in list_rounds(type_dir):
        try:
            current = load_round(type_dir, number)
        except (RoundError, OSError, ValueError) as exc:
            rounds.append(LibraryRound(number, None, (), (), _round_record(type_dir, number),
                                       error=f"{type(exc).__name__}: {exc}"))
            continue
        diff = diff_libraries(previous, current.library)
        actions = []
        for entry in diff.actions:
            before, after = previous.get(entry.name), current.library.get(entry.name)
            change = current.change_for(entry.name)
            shown = after or before
            actions.append(ActionRound(
                name=entry.name, status=entry.status, change=entry.change,
                signature=after.signature if after else None, source=after.source if after else None,
                notes=tuple(shown.notes) if shown else (), description=shown.description if shown else "",
                flags=tuple(f.to_dict() for f in entry.flags),
                provenance=change.provenance.to_dict() if change and change.provenance else None,
                side_by_side=() if entry.status == "unchanged" else side_by_side(
                    before.source if before else None, after.source if after else None),
            ))
        rounds.append(LibraryRound(number, current.library.hash, tuple(current.library.imports), tuple(actions),
                                   _round_record(type_dir, number)))
        previous = current.library
    return TypeHistory(type_dir.name, tuple(rounds))


def run_histories(run_path: Path) -> list[TypeHistory]:
    """One history per learned task type of a run (LearnAct runs; empty for other methods)."""
    learn = Path(run_path) / "learn"
    if not learn.is_dir():
        return []
    return [type_history(folder) for folder in sorted(learn.iterdir())
            if folder.is_dir() and list_rounds(folder)]
