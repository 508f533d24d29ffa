"""A run directory (`runs/<run-id>/`): config, episodes, learning records, summary.

Writes are atomic: JSON files are written to a temporary file and renamed; `episodes.jsonl` gets
one whole line per finished episode (a single `write` of an `O_APPEND` descriptor, then fsync), and
a reader ignores a torn last line left by a kill. `--resume` asks `finished()` which episode keys
are done and skips them.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import sys
import tempfile
import threading
from importlib import metadata
from pathlib import Path
from typing import Any, Iterable

EPISODES = "episodes.jsonl"
CONFIG = "config.json"
SUMMARY = "summary.json"
PACKAGES = ("learnact-engine", "RestrictedPython", "libcst", "llama_cpp_python", "openai", "alfworld",
            "textworld", "pddl", "matplotlib")


class RunDirError(Exception):
    """The run directory is missing, belongs to another configuration, or is unreadable."""


def write_json_atomic(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, sort_keys=True, default=str)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RunDirError(f"{path} does not exist") from None
    except json.JSONDecodeError as exc:
        raise RunDirError(f"{path} is not valid JSON: {exc}") from None


def package_versions() -> dict[str, str | None]:
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def hash_files(paths: Iterable[Path]) -> str:
    """One sha256 over the files' relative names and bytes (the data fingerprint)."""
    digest = hashlib.sha256()
    for path in sorted(Path(p) for p in paths):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def episode_key(record: dict) -> str:
    return str(record["key"])


class RunDir:
    """One run's folder. Thread-safe appends; everything else is written whole."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._finished: dict[str, dict] | None = None

    # -- creation ------------------------------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike, config: dict, resume: bool = False) -> "RunDir":
        """A new run (refusing a non-empty folder), or, with resume, the existing one whose
        config's `settings` must match (a resumed run with other settings would mix results)."""
        run = cls(path)
        config_path = run.path / CONFIG
        if config_path.exists():
            if not resume:
                raise RunDirError(f"{run.path} already holds a run; pass --resume to continue it or choose another --run-dir")
            old = read_json(config_path)
            if old.get("settings") != json.loads(json.dumps(config.get("settings"), default=str)):
                raise RunDirError(f"{run.path} was started with other settings; --resume needs the same flags")
            return run
        if resume and run.path.exists() and any(run.path.iterdir()):
            raise RunDirError(f"{run.path} has no {CONFIG}: not a run directory")
        run.path.mkdir(parents=True, exist_ok=True)
        full = dict(config)
        full.setdefault("created", _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
        full.setdefault("versions", package_versions())
        full.setdefault("argv", sys.argv)
        write_json_atomic(config_path, full)
        return run

    @classmethod
    def open(cls, path: str | os.PathLike) -> "RunDir":
        run = cls(path)
        if not (run.path / CONFIG).is_file():
            raise RunDirError(f"{run.path} is not a run directory (no {CONFIG})")
        return run

    def config(self) -> dict:
        return read_json(self.path / CONFIG)

    # -- episodes ------------------------------------------------------------------------------
    def episodes(self) -> list[dict]:
        """Every complete episode line, in the order written (a torn last line is skipped)."""
        path = self.path / EPISODES
        if not path.exists():
            return []
        records = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue  # the tail of a write cut by a kill
            if isinstance(record, dict) and "key" in record:
                records.append(record)
        return records

    def finished(self) -> dict[str, dict]:
        with self._lock:
            if self._finished is None:
                self._finished = {episode_key(r): r for r in self.episodes()}
            return dict(self._finished)

    def lookup(self, key: str) -> dict | None:
        self.finished()
        with self._lock:
            return self._finished.get(key)  # type: ignore[union-attr]

    def append_episode(self, record: dict) -> None:
        line = json.dumps(record, sort_keys=True, default=str) + "\n"
        data = line.encode("utf-8")
        with self._lock:
            path = self.path / EPISODES
            needs_newline = path.exists() and path.stat().st_size > 0 and not _ends_with_newline(path)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                if needs_newline:  # a kill tore the previous line: start ours on a fresh one
                    os.write(fd, b"\n")
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            if self._finished is not None:
                self._finished[episode_key(record)] = record

    # -- other files ---------------------------------------------------------------------------
    def write_json(self, relative: str, data: Any) -> Path:
        path = self.path / relative
        write_json_atomic(path, data)
        return path

    def read_json(self, relative: str) -> Any:
        return read_json(self.path / relative)

    def write_summary(self, summary: dict) -> Path:
        return self.write_json(SUMMARY, summary)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"
