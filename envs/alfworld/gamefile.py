"""One ALFWorld game on disk: the `game.tw-pddl` JSON, its task parameters and its command grammar.

A game folder follows ALFWorld's layout:
`<task_type>-<Obj>-<MRecep|None>-<Recep|Toggle>-<scene>/trial_*/game.tw-pddl`. The task type and the
ALFRED `pddl_params` come from `traj_data.json` when it is there, else from the folder name (which
gives exactly the real parameters; the real eval files ship without traj_data).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

GAME_FILE_NAME = "game.tw-pddl"
TRAJ_DATA_NAME = "traj_data.json"

# The six ALFWorld task types, in ALFWorld's own numbering order. `task_type()` returns these
# full names; the short names are what the LearnAct paper and `--types` use.
TASK_TYPES: tuple[str, ...] = (
    "pick_and_place_simple",
    "look_at_obj_in_light",
    "pick_clean_then_place_in_recep",
    "pick_heat_then_place_in_recep",
    "pick_cool_then_place_in_recep",
    "pick_two_obj_and_place",
)
SHORT_TYPE_NAMES: dict[str, str] = {
    "put": "pick_and_place_simple",
    "examine": "look_at_obj_in_light",
    "clean": "pick_clean_then_place_in_recep",
    "heat": "pick_heat_then_place_in_recep",
    "cool": "pick_cool_then_place_in_recep",
    "puttwo": "pick_two_obj_and_place",
}

REQUIRED_KEYS = ("pddl_domain", "grammar", "pddl_problem")
_FOLDER_PATTERN = re.compile(
    r"^(?P<task_type>" + "|".join(TASK_TYPES) + r")-(?P<obj>[^-]+)-(?P<mrecep>[^-]+)-(?P<recep>[^-]+)-(?P<scene>\d+)$"
)
_TEMPLATE_PATTERN = re.compile(r'template\s*::\s*"([^"]*)"')


class GameFileError(ValueError):
    """A game file or folder that does not follow ALFWorld's format."""


def canonical_task_type(name: str) -> str:
    """Full ALFWorld task type for a full or short name (`clean` -> `pick_clean_then_place_in_recep`)."""
    if name in TASK_TYPES:
        return name
    if name in SHORT_TYPE_NAMES:
        return SHORT_TYPE_NAMES[name]
    choices = ", ".join(list(SHORT_TYPE_NAMES) + list(TASK_TYPES))
    raise ValueError(f"unknown ALFWorld task type {name!r}; choose one of: {choices}")


@dataclass(frozen=True)
class TaskParams:
    """ALFRED's `pddl_params` plus the task type (what the handcoded expert needs)."""

    task_type: str
    object_target: str
    parent_target: str  # "" for look_at_obj_in_light
    toggle_target: str  # "" unless look_at_obj_in_light
    mrecep_target: str  # "" when None
    object_sliced: bool = False

    def as_traj_data(self, task_id: str) -> dict:
        return {
            "task_id": task_id,
            "task_type": self.task_type,
            "pddl_params": {
                "object_target": self.object_target,
                "parent_target": self.parent_target,
                "toggle_target": self.toggle_target,
                "mrecep_target": self.mrecep_target,
                "object_sliced": self.object_sliced,
            },
        }


def params_from_folder_name(folder_name: str) -> TaskParams:
    """Task parameters from an ALFWorld task folder name (e.g. `pick_and_place_simple-Mug-None-Desk-308`)."""
    match = _FOLDER_PATTERN.match(folder_name)
    if not match:
        raise GameFileError(
            f"task folder {folder_name!r} does not follow ALFWorld's "
            "'<task_type>-<Obj>-<MRecep|None>-<Recep>-<scene>' naming"
        )
    task_type = match["task_type"]
    mrecep = "" if match["mrecep"] == "None" else match["mrecep"]
    is_look = task_type == "look_at_obj_in_light"
    return TaskParams(
        task_type=task_type,
        object_target=match["obj"],
        parent_target="" if is_look else match["recep"],
        toggle_target=match["recep"] if is_look else "",
        mrecep_target=mrecep,
    )


def params_from_traj_data(traj: dict) -> TaskParams:
    try:
        params = traj["pddl_params"]
        return TaskParams(
            task_type=traj["task_type"],
            object_target=params.get("object_target", ""),
            parent_target=params.get("parent_target", ""),
            toggle_target=params.get("toggle_target", ""),
            mrecep_target=params.get("mrecep_target", ""),
            object_sliced=bool(params.get("object_sliced", False)),
        )
    except (KeyError, TypeError) as exc:
        raise GameFileError(f"traj_data.json lacks task_type/pddl_params: {exc}") from exc


def task_params_for(game_path: Path) -> TaskParams:
    """Params of the game at `<task>/<trial>/game.tw-pddl`: traj_data.json first, else the folder name."""
    traj_path = game_path.parent / TRAJ_DATA_NAME
    if traj_path.is_file():
        return params_from_traj_data(json.loads(traj_path.read_text()))
    return params_from_folder_name(game_path.parent.parent.name)


@dataclass(frozen=True)
class Grammar:
    """Which command grammar a game file uses (the file's grammar decides, not a setting).

    `move`: alfworld >= 0.4.0 files, `move {o} to {r}`, arrival text names the receptacle.
    `put`: older 2.1.1 files, `put {o} in/on {r}`, arrival text `You arrive at loc N.`
    """

    name: str  # "move" | "put"
    put_template: str  # with {obj} and {recep}
    has_help: bool


MOVE_GRAMMAR = Grammar("move", "move {obj} to {recep}", has_help=True)
PUT_GRAMMAR = Grammar("put", "put {obj} in/on {recep}", has_help=False)


def detect_grammar(grammar_text: str) -> Grammar:
    """Read the PutObject command template from the game's own grammar."""
    templates = _TEMPLATE_PATTERN.findall(grammar_text)
    has_help = "help" in templates
    if "move {o} to {r}" in templates:
        return Grammar("move", MOVE_GRAMMAR.put_template, has_help)
    if "put {o} in/on {r}" in templates:
        return Grammar("put", PUT_GRAMMAR.put_template, has_help)
    raise GameFileError(
        "unrecognised ALFWorld grammar: no 'move {o} to {r}' or 'put {o} in/on {r}' command template"
    )


def read_game_data(path: Path) -> dict:
    """The game file's JSON, checked for the keys TextWorld's PDDL engine needs."""
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise GameFileError(f"{path}: not a readable game.tw-pddl JSON file ({exc})") from exc
    if not isinstance(data, dict):
        raise GameFileError(f"{path}: expected a JSON object")
    missing = [key for key in REQUIRED_KEYS if not isinstance(data.get(key), str)]
    if missing:
        raise GameFileError(f"{path}: missing {', '.join(missing)}")
    return data


def task_sentence(grammar_text: str) -> str:
    """The goal sentence baked into the game's grammar (`Your task is to: ...`)."""
    match = re.search(r'"task":\s*\[\s*\{\s*"rhs":\s*"([^"]*)"', grammar_text)
    if not match:
        raise GameFileError("grammar has no 'task' rule with the goal sentence")
    return match.group(1)
