"""ALFWorld as a TextEnv, on TextWorld's real PDDL engine with ALFWorld's demangler.

Data: `data_dir`, else `$ALFWORLD_DATA` (ALFWorld's own convention), else a small set of games
generated offline on first use into `~/.cache/learnact-engine/alfworld-generated/<seed>/`.
`task_type()` returns ALFWorld's full type names (`pick_clean_then_place_in_recep`, ...);
`gamefile.SHORT_TYPE_NAMES` maps the paper's short names (put/clean/heat/cool/examine/puttwo).

`step()` applies one engine command; `done` is True once the task is won. The step cap
(`max_steps`: 20 at test, 10 while learning in the reference) is the episode loop's, since one
learned-action call counts as one step however many primitives it issues; `info["steps"]` counts
engine commands.

A won game stays won: as alfworld's gym layer (TextWorld's batch env) does, every command after
the winning one is not applied and gets the winning step's feedback again, with `won` still true.
This sits in `step`, so agent steps, primitives inside learned calls, `replay`, `exec` and the gym
ids all inherit it. `preset` picks the reference wrapper's rules (`wrapper_rules`).
"""

from __future__ import annotations

import os
from pathlib import Path

from learnact_engine.envs.alfworld import experts
from learnact_engine.envs.alfworld.engine import NOTHING_HAPPENS, Session
from learnact_engine.envs.alfworld.gamefile import MOVE_GRAMMAR, canonical_task_type, detect_grammar, read_game_data
from learnact_engine.envs.alfworld.generate import default_generated_dir
from learnact_engine.envs.alfworld.primitives import agent_observation, primitives_for, split_intro
from learnact_engine.envs.alfworld.taskset import DATA_ENV_VAR, TaskSet
from learnact_engine.envs.alfworld.wrapper_rules import (
    LOOK,
    LookMemory,
    check_preset,
    normalise_command,
    preset_primitives,
)
from learnact_engine.envs.base import Primitive, TextEnv


def resolve_data_dir(data_dir: str | os.PathLike | None, seed: int = 0) -> Path:
    """data_dir, else $ALFWORLD_DATA, else the generated default set (made on first use)."""
    if data_dir is not None:
        return Path(data_dir).expanduser()
    from_env = os.environ.get(DATA_ENV_VAR)
    if from_env:
        path = Path(from_env).expanduser()
        # Importing alfworld sets $ALFWORLD_DATA to its (usually empty) download cache when unset:
        # that default counts only once `alfworld-download` has filled it.
        if path.resolve() != ALFWORLD_DEFAULT_CACHE.resolve() or _has_games(path):
            return path
    return default_generated_dir(seed)


ALFWORLD_DEFAULT_CACHE = Path("~/.cache/alfworld").expanduser()


def _has_games(path: Path) -> bool:
    try:
        TaskSet.from_dir(path)
        return True
    except FileNotFoundError:
        return False


class ALFWorldEnv(TextEnv):
    domain = "alfworld"

    def __init__(self, data_dir: str | os.PathLike | None = None, split: str | None = None,
                 max_steps: int = 20, seed: int = 0, preset: str = "clean") -> None:
        self.preset = check_preset(preset)
        if max_steps < 1:
            raise ValueError(f"max_steps must be >= 1, got {max_steps}")
        self.data_dir = resolve_data_dir(data_dir, seed)
        self.taskset = TaskSet.from_dir(self.data_dir)
        if split is not None and split not in self.taskset.split_dirs:
            raise ValueError(f"unknown ALFWorld split {split!r}; available: {', '.join(self.taskset.split_dirs)}")
        self.split = split or next(iter(self.taskset.split_dirs))
        self.max_steps = max_steps
        self.seed = seed
        self._session: Session | None = None
        self._expert_session: Session | None = None
        self._task_id: str | None = None
        self._steps = 0
        self._primitives: list[Primitive] | None = None
        self._won_reply: tuple[str, bool] | None = None  # (feedback, valid) of the winning step: frozen
        self._look: LookMemory | None = None

    # -- tasks ---------------------------------------------------------------------------------
    def splits(self) -> dict[str, int]:
        return self.taskset.splits()

    def tasks(self, split: str | None = None) -> list[str]:
        return list(self.taskset.tasks(split or self.split))

    def task_type(self, task_id: str) -> str:
        return self.taskset.params(task_id).task_type

    def canonical_task_type(self, name: str) -> str:
        """Short names (put, clean, heat, cool, examine, puttwo) name the full ALFWorld types."""
        try:
            return canonical_task_type(name)
        except ValueError:
            return name  # the caller reports unknown types with the list it has

    # -- episode -------------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session()
        return self._session

    def reset(self, task_id: str) -> tuple[str, str]:
        path = self.taskset.game_path(task_id)
        intro = self.session.start(path)
        self._task_id, self._steps, self._won_reply = task_id, 0, None
        self._primitives = preset_primitives(primitives_for(self.session.game.grammar), self.preset)
        goal, observation = split_intro(intro)
        self._look = LookMemory(observation)
        return goal, observation

    def step(self, command: str) -> tuple[str, bool, dict]:
        if not isinstance(command, str):
            raise TypeError(f"command must be a string, got {type(command).__name__}")
        if self._task_id is None:
            raise RuntimeError("ALFWorldEnv.step() before reset(task_id)")
        command = normalise_command(command)
        frozen = self._won_reply is not None
        if frozen:  # alfworld's gym layer: a finished game repeats its last step
            feedback, valid = self._won_reply
        else:
            feedback = self.session.step(command)
            valid = feedback != NOTHING_HAPPENS
            if self.session.won:
                self._won_reply = (feedback, valid)
        self._steps += 1
        won = self._won_reply is not None
        shown = feedback
        if self.preset == "paper":  # the reference wrapper's `look`, above the gym layer
            if command == LOOK:
                shown = self._look.text
            self._look.after(command, feedback)
        info = {"won": won, "valid": valid, "feedback": feedback, "frozen": frozen,
                "steps": self._steps, "max_steps": self.max_steps, "task": self._task_id}
        return agent_observation(shown), won, info

    @property
    def won(self) -> bool:
        return self._task_id is not None and (self._won_reply is not None or self.session.won)

    @property
    def task_id(self) -> str | None:
        return self._task_id

    @property
    def admissible_commands(self) -> list[str]:
        """The engine's admissible commands in the current state (sorted, as TextWorld gives them)."""
        if self._task_id is None:
            raise RuntimeError("ALFWorldEnv.admissible_commands before reset(task_id)")
        return self.session.admissible_commands

    def primitives(self) -> list[Primitive]:
        if self._primitives is None:  # before any reset: the grammar of this split's first game
            tasks = self.tasks()
            grammar = detect_grammar(read_game_data(self.taskset.game_path(tasks[0]))["grammar"]) if tasks else MOVE_GRAMMAR
            self._primitives = preset_primitives(primitives_for(grammar), self.preset)
        return self._primitives

    # -- experts -------------------------------------------------------------------------------
    def expert_plan(self, task_id: str, expert: str = "walkthrough") -> list[str]:
        """Winning commands from the initial state: the file's walkthrough (planner when it has none),
        the planner expert or the handcoded expert. Runs on a separate session: the current
        episode is not disturbed."""
        if expert not in experts.EXPERTS:
            raise ValueError(f"unknown expert {expert!r}; choose one of: {', '.join(experts.EXPERTS)}")
        if self._expert_session is None:
            self._expert_session = Session()
        session = self._expert_session
        intro = session.start(self.taskset.game_path(task_id))
        if expert == "walkthrough" and session.game.walkthrough:
            return experts.walkthrough(session)
        if expert == "handcoded":
            return experts.handcoded_plan(session, self.taskset.params(task_id), intro, seed=self.seed)
        return experts.planner_plan(session)

    def close(self) -> None:
        for session in (self._session, self._expert_session):
            if session is not None:
                session.close()
        self._session = self._expert_session = None
        self._task_id = None
