"""Task sets: the AgentBoard suite from a data directory, or built-in generated instances.

A data directory holds `<game>.pddl` plus `<game>/*.pddl`; a game's tasks are its problem files
in sorted file-name order (lexicographic, as the reference: problem1, problem10, problem2...),
and task ids are "<game>/<file stem>". The reference training split picks task *indices* per
game; the rest is "test". Built-in sets use the packaged domains and the generators, with the
same per-game counts and training indices, so learning and evaluation work without any data.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from functools import cache
from importlib import resources
from pathlib import Path

from learnact_engine.envs.robotic_planning.generators import generate_problem
from learnact_engine.envs.robotic_planning.pddl_model import (
    Domain,
    PddlError,
    Problem,
    domain_from_text,
    problem_from_text,
)

GAMES = ("blockworld", "gripper", "tyreworld", "barman")
# AgentBoard's dataset/split/{game}_[3, N-3]_split_0.csv, in file order.
TRAIN_INDICES: dict[str, tuple[int, ...]] = {
    "blockworld": (4, 6, 8),
    "gripper": (7, 9, 14),
    "tyreworld": (8, 4, 0),
    "barman": (8, 7, 13),
}
BUILTIN_COUNTS = {"blockworld": 10, "gripper": 20, "tyreworld": 10, "barman": 20}
SPLITS = ("train", "test", "all")


@cache
def _parsed_domain(text: str) -> Domain:
    return domain_from_text(text)


@cache
def _parsed_problem(text: str, domain_text: str) -> Problem:
    return problem_from_text(text, _parsed_domain(domain_text))


class TaskSet(ABC):
    """Games, their ordered task names, the split, and the PDDL text of each task."""

    def __init__(self, tasks_by_game: dict[str, list[str]], source: str) -> None:
        self.tasks_by_game = tasks_by_game
        self.source = source

    @abstractmethod
    def domain_text(self, game: str) -> str:
        """The game's domain PDDL."""

    @abstractmethod
    def problem_text(self, game: str, name: str) -> str:
        """One task's problem PDDL."""

    def split(self, split: str) -> list[str]:
        if split not in SPLITS:
            raise ValueError(f"unknown split {split!r}; choose one of: {', '.join(SPLITS)}")
        ids: list[str] = []
        for game, names in self.tasks_by_game.items():
            train = [names[i] for i in TRAIN_INDICES.get(game, ()) if i < len(names)]
            if split == "train":
                chosen = train
            elif split == "test":
                chosen = [n for n in names if n not in train]
            else:
                chosen = names
            ids += [f"{game}/{name}" for name in chosen]
        return ids

    def resolve(self, task_id: str) -> tuple[str, str]:
        game, _, name = task_id.partition("/")
        if name not in self.tasks_by_game.get(game, ()):
            known = ", ".join(self.tasks_by_game) or "none"
            raise KeyError(f"unknown task {task_id!r} in {self.source} (games: {known})")
        return game, name

    def load(self, task_id: str) -> tuple[str, Domain, Problem]:
        game, name = self.resolve(task_id)
        domain_text = self.domain_text(game)
        try:
            return game, _parsed_domain(domain_text), _parsed_problem(
                self.problem_text(game, name), domain_text
            )
        except PddlError as exc:
            raise PddlError(f"{task_id}: {exc}") from exc


class DirectoryTaskSet(TaskSet):
    def __init__(self, data_dir: Path, games: list[str] | None = None) -> None:
        self.data_dir = Path(data_dir)
        if not self.data_dir.is_dir():
            raise FileNotFoundError(f"robotic planning data directory not found: {self.data_dir}")
        found = sorted(
            p.stem for p in self.data_dir.glob("*.pddl") if (self.data_dir / p.stem).is_dir()
        )
        ordered = [g for g in GAMES if g in found] + [g for g in found if g not in GAMES]
        if games is not None:
            missing = [g for g in games if g not in ordered]
            if missing:
                raise KeyError(f"game(s) {', '.join(missing)} not in {self.data_dir}")
            ordered = [g for g in ordered if g in games]
        if not ordered:
            raise FileNotFoundError(
                f"{self.data_dir} holds no game (expected <game>.pddl beside a <game>/ folder)"
            )
        tasks = {g: sorted(p.stem for p in (self.data_dir / g).glob("*.pddl")) for g in ordered}
        super().__init__(tasks, str(self.data_dir))

    def domain_text(self, game: str) -> str:
        return (self.data_dir / f"{game}.pddl").read_text()

    def problem_text(self, game: str, name: str) -> str:
        return (self.data_dir / game / f"{name}.pddl").read_text()


class GeneratedTaskSet(TaskSet):
    """Deterministic by seed: task `<game>/genNN` is always the same problem for one seed."""

    def __init__(self, seed: int = 0, games: list[str] | None = None) -> None:
        chosen = list(GAMES) if games is None else games
        unknown = [g for g in chosen if g not in GAMES]
        if unknown:
            raise KeyError(f"no built-in game {', '.join(unknown)}; choose from {', '.join(GAMES)}")
        self.seed = seed
        tasks = {g: [f"gen{i + 1:02d}" for i in range(BUILTIN_COUNTS[g])] for g in chosen}
        super().__init__(tasks, f"built-in instances (seed {seed})")

    def domain_text(self, game: str) -> str:
        return builtin_domain_text(game)

    def problem_text(self, game: str, name: str) -> str:
        index = self.tasks_by_game[game].index(name)
        return generate_problem(game, self.seed, index, BUILTIN_COUNTS[game])


def builtin_domain_text(game: str) -> str:
    package = resources.files("learnact_engine.envs.robotic_planning")
    return (package / f"{game}.pddl").read_text()
