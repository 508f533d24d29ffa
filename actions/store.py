"""Library rounds on disk: run_dir/library/round-NNN/{actions.py, manifest.json}.

A round is written into a temporary folder and renamed into place, so a reader sees a whole
round or none (a killed writer leaves only a `.round-NNN.tmp-*` folder, which readers ignore).
The manifest records the hashes (source file, each action, the library, its parent) and, for each
action that changed since the previous round, its provenance: task, trajectory step, feedback.
Loading re-hashes everything and refuses a round that does not match its manifest.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

from learnact_engine.actions.diff import diff_libraries
from learnact_engine.actions.errors import LibraryError, RoundError
from learnact_engine.actions.library import Action, ActionLibrary, sha256_text

FORMAT = "learnact-engine/library-round/1"
ROUND_DIR = re.compile(r"round-(\d{3,})")


@dataclass(frozen=True)
class Provenance:
    """What caused an edit: the task, the step of its trajectory, and the feedback that was seen."""

    task: str | None = None
    step: int | None = None
    feedback: str | None = None
    reason: str | None = None  # e.g. "creation", or the learner's stated failure reason

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping | None) -> Provenance | None:
        if data is None:
            return None
        return cls(**{k: data.get(k) for k in ("task", "step", "feedback", "reason")})


@dataclass(frozen=True)
class ChangeRecord:
    action: str
    status: str  # added | modified | removed
    change: str | None  # logic | docstring | formatting | notes, for modified actions
    content_hash: str | None
    provenance: Provenance | None

    def to_dict(self) -> dict:
        return {"action": self.action, "status": self.status, "change": self.change,
                "content_hash": self.content_hash,
                "provenance": self.provenance.to_dict() if self.provenance else None}


@dataclass(frozen=True)
class Round:
    number: int
    path: Path
    library: ActionLibrary
    changes: tuple[ChangeRecord, ...]
    previous_round: int | None

    def change_for(self, name: str) -> ChangeRecord | None:
        return next((c for c in self.changes if c.action == name), None)


def library_dir(run_dir: str | os.PathLike) -> Path:
    return Path(run_dir) / "library"


def round_path(run_dir: str | os.PathLike, number: int) -> Path:
    if number < 0:
        raise ValueError(f"round numbers are not negative: {number}")
    return library_dir(run_dir) / f"round-{number:03d}"


def list_rounds(run_dir: str | os.PathLike) -> list[int]:
    """Round numbers present in a run directory, ascending (temporary folders ignored)."""
    folder = library_dir(run_dir)
    if not folder.is_dir():
        return []
    return sorted(int(m[1]) for p in folder.iterdir() if p.is_dir() and (m := ROUND_DIR.fullmatch(p.name)))


def _write_file(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _changes(previous: ActionLibrary | None, library: ActionLibrary,
             provenance: Provenance | Mapping[str, Provenance] | None) -> list[ChangeRecord]:
    diff = diff_libraries(previous or ActionLibrary(), library)
    changed = [a for a in diff.actions if a.status != "unchanged"]
    if isinstance(provenance, Mapping):
        unknown = sorted(set(provenance) - set(library.names) - set(previous.names if previous else ()))
        if unknown:
            raise ValueError(f"provenance names actions in neither library: {', '.join(unknown)}")
    records = []
    for action in changed:
        cause = provenance.get(action.name) if isinstance(provenance, Mapping) else provenance
        records.append(ChangeRecord(action.name, action.status, action.change, action.to_hash, cause))
    return records


def write_round(run_dir: str | os.PathLike, number: int, library: ActionLibrary,
                provenance: Provenance | Mapping[str, Provenance] | None = None) -> Round:
    """Write `library` as round `number`, recording changes against the latest earlier round.

    provenance: one cause for every change in this round, or action name -> cause.
    """
    target = round_path(run_dir, number)
    if target.exists():
        raise RoundError(f"round {number} already exists at {target}; rounds are never overwritten")
    earlier = [n for n in list_rounds(run_dir) if n < number]
    previous = load_round(run_dir, earlier[-1]) if earlier else None
    changes = _changes(previous.library if previous else None, library, provenance)
    source = library.source()
    spans = library.line_spans()
    manifest = {
        "format": FORMAT,
        "round": number,
        "previous_round": previous.number if previous else None,
        "library_hash": library.hash,
        "parent_hash": library.parent_hash,
        "source_sha256": sha256_text(source),
        "primitives": sorted(library.primitive_names),
        "imports": list(library.imports),
        "actions": [{**a.summary(), "lines": list(spans[a.name])} for a in library.actions],
        "changes": [c.to_dict() for c in changes],
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        _write_file(staging / "actions.py", source)
        _write_file(staging / "manifest.json", json.dumps(manifest, sort_keys=True, indent=2) + "\n")
        _fsync_dir(staging)
        os.rename(staging, target)  # atomic; fails if another writer got there first
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if target.exists():
            raise RoundError(f"round {number} already exists at {target}; rounds are never overwritten") from exc
        raise
    _fsync_dir(target.parent)
    return Round(number, target, library, tuple(changes), manifest["previous_round"])


def load_round(run_dir: str | os.PathLike, number: int) -> Round:
    return load_round_path(round_path(run_dir, number))


def load_round_path(path: str | os.PathLike) -> Round:
    """Load and verify one round folder; RoundError says what is missing or does not match."""
    try:
        return _load_verified(Path(path))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:  # RoundError passes through
        raise RoundError(f"{path}: malformed manifest ({type(exc).__name__}: {exc})") from None


def _load_verified(path: Path) -> Round:
    manifest_file, source_file = path / "manifest.json", path / "actions.py"
    for required in (manifest_file, source_file):
        if not required.is_file():
            raise RoundError(f"{path}: missing {required.name} (not a library round, or an incomplete one)")
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RoundError(f"{manifest_file}: not valid JSON: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise RoundError(f"{manifest_file}: unknown format {manifest.get('format') if isinstance(manifest, dict) else None!r}")
    source = source_file.read_text(encoding="utf-8")
    if sha256_text(source) != manifest["source_sha256"]:
        raise RoundError(f"{source_file}: content does not match the manifest's source_sha256 (edited after it was written?)")
    try:
        parsed = ActionLibrary.from_source(source, manifest.get("primitives", ()), validate=False)
    except LibraryError as exc:
        raise RoundError(f"{source_file}: {exc}") from None
    entries = manifest.get("actions", [])
    if [e["name"] for e in entries] != list(parsed.names):
        raise RoundError(f"{path}: actions.py defines {list(parsed.names)} but the manifest lists "
                         f"{[e['name'] for e in entries]}")
    actions = []
    for entry, action in zip(entries, parsed.actions):
        if action.content_hash != entry["content_hash"]:
            raise RoundError(f"{path}: action {action.name!r} does not match its content_hash in the manifest")
        actions.append(Action(action.source, tuple(entry.get("notes", ())), entry.get("description", "")))
    library = ActionLibrary(tuple(actions), parsed.imports, manifest.get("parent_hash"), parsed.primitive_names)
    if library.hash != manifest["library_hash"]:
        raise RoundError(f"{path}: library hash {library.hash[:12]} does not match the manifest's "
                         f"{str(manifest['library_hash'])[:12]} (notes, descriptions or imports differ)")
    changes = tuple(
        ChangeRecord(c["action"], c["status"], c.get("change"), c.get("content_hash"),
                     Provenance.from_dict(c.get("provenance")))
        for c in manifest.get("changes", [])
    )
    number = manifest.get("round")
    match = ROUND_DIR.fullmatch(path.name)
    if match and int(match[1]) != number:
        raise RoundError(f"{path}: folder name says round {int(match[1])}, the manifest says {number}")
    return Round(number, path, library, changes, manifest.get("previous_round"))
