"""Task sets: game folders in ALFWorld's layout, grouped in splits, with stable task ids.

A data directory is any of:
- an `$ALFWORLD_DATA`-style root holding `json_2.1.1/<split>/...`,
- a folder of split folders (`valid_unseen/`, `valid_seen/`, `train/`, ...),
- one split folder holding task folders directly (the split is named after the folder).
Task ids are `<split>/<task folder>/<trial folder>`. As in ALFWorld, trials marked
`solvable: false` and movable/sliced tasks are left out.

Split names are ALFWorld's: `train`, `valid_seen` (in-distribution: scenes seen in training) and
`valid_unseen` (out-of-distribution: new scenes). The default split is the first present of
`valid_unseen`, `valid_seen`, `train` (the games generated offline are one `train` split).
`tasks("all")` is every split's tasks in that order.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from learnact_engine.envs.alfworld.gamefile import GAME_FILE_NAME, TaskParams, task_params_for

DATA_ENV_VAR = "ALFWORLD_DATA"
VERSION_FOLDER = "json_2.1.1"
SPLIT_ORDER = ("valid_unseen", "valid_seen", "train")
ALL = "all"
SPLIT_MEANINGS = {
    "train": "training games",
    "valid_seen": "in-distribution (scenes seen in training)",
    "valid_unseen": "out-of-distribution (unseen scenes)",
}
_UNSOLVABLE = re.compile(rb'"solvable"\s*:\s*false')


def _is_task_folder(path: Path) -> bool:
    return path.is_dir() and any(path.glob(f"*/{GAME_FILE_NAME}"))


def _split_sort_key(name: str) -> tuple[int, str]:
    return (SPLIT_ORDER.index(name) if name in SPLIT_ORDER else len(SPLIT_ORDER), name)


@dataclass
class TaskSet:
    """The games under one data directory."""

    root: Path
    split_dirs: dict[str, Path]
    _tasks: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_dir(cls, data_dir: str | os.PathLike) -> "TaskSet":
        path = Path(data_dir).expanduser()
        if not path.is_dir():
            raise FileNotFoundError(f"ALFWorld data directory not found: {path}")
        if (path / VERSION_FOLDER).is_dir():
            path = path / VERSION_FOLDER
        children = sorted(p for p in path.iterdir() if p.is_dir())
        if any(_is_task_folder(child) for child in children):
            split_dirs = {path.name: path}
        else:
            split_dirs = {child.name: child for child in children if any(_is_task_folder(g) for g in child.iterdir())}
        if not split_dirs:
            raise FileNotFoundError(
                f"no ALFWorld games under {path}: expected <split>/<task>/<trial>/{GAME_FILE_NAME}"
            )
        ordered = dict(sorted(split_dirs.items(), key=lambda item: _split_sort_key(item[0])))
        return cls(root=path, split_dirs=ordered)

    def splits(self) -> dict[str, int]:
        return {name: len(self.tasks(name)) for name in self.split_dirs}

    @property
    def default_split(self) -> str:
        return next(iter(self.split_dirs))

    def tasks(self, split: str) -> list[str]:
        if split == ALL and ALL not in self.split_dirs:
            return [task for name in self.split_dirs for task in self.tasks(name)]
        if split not in self.split_dirs:
            raise KeyError(f"unknown ALFWorld split {split!r}; available: {', '.join(self.split_dirs)}")
        if split not in self._tasks:
            self._tasks[split] = self._discover(split)
        return self._tasks[split]

    def _discover(self, split: str) -> list[str]:
        ids = []
        for game_path in sorted(self.split_dirs[split].glob(f"*/*/{GAME_FILE_NAME}")):
            task_folder = game_path.parent.parent.name
            if "movable" in task_folder or "Sliced" in task_folder:
                continue  # ALFWorld's TextWorld side does not support these
            if _UNSOLVABLE.search(game_path.read_bytes()):
                continue
            ids.append(f"{split}/{task_folder}/{game_path.parent.name}")
        return ids

    def game_path(self, task_id: str) -> Path:
        parts = task_id.split("/")
        if len(parts) != 3 or parts[0] not in self.split_dirs or any(p in ("", ".", "..") for p in parts):
            raise KeyError(f"not an ALFWorld task id of this data set: {task_id!r} (expected split/task/trial)")
        path = self.split_dirs[parts[0]] / parts[1] / parts[2] / GAME_FILE_NAME
        if not path.is_file():
            raise KeyError(f"no game file for task {task_id!r} ({path})")
        return path

    def params(self, task_id: str) -> TaskParams:
        return task_params_for(self.game_path(task_id))

    def split_of(self, task_id: str) -> str:
        return task_id.split("/", 1)[0]
