"""The TextEnv contract every domain implements (gymnasium-like, text in, text out).

A primitive is an environment action the agent and learned actions may call as a Python
function; `call_primitive` turns a call into the domain's command string and steps the env.
Primitive results are always plain strings, so they can cross the sandbox boundary.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any

NAME_FORM = r"[A-Za-z0-9_.\-]+(?: [A-Za-z0-9_.\-]+)*"  # words of a name, single spaces between
MAX_NAME_CHARS = 100


class ArgumentError(ValueError):
    """A primitive argument that is not one of the domain's object names."""


@dataclass(frozen=True)
class Primitive:
    """One environment action exposed as a Python function."""

    name: str  # Python name, e.g. "goto"
    params: tuple[str, ...]  # parameter names in call order
    doc: str  # one line for prompts: what it does, preconditions
    template: str  # command template, e.g. "go to {recep}"
    # Typed arguments: each must be a string matching `arg_form` exactly (the domain's form of an
    # object name) and, when the domain knows its objects, one of `names` (compared in lower
    # case). Checked before any command is built, so an argument can never carry another command.
    arg_form: str = NAME_FORM
    names: frozenset[str] | None = None

    def signature(self) -> str:
        return f"{self.name}({', '.join(self.params)})"

    def command(self, args: tuple[Any, ...]) -> str:
        if len(args) != len(self.params):
            raise TypeError(
                f"{self.name}() takes {len(self.params)} argument(s) "
                f"({', '.join(self.params)}) but {len(args)} were given"
            )
        for param, arg in zip(self.params, args):
            self.check_argument(param, arg)
        return self.template.format(**dict(zip(self.params, args)))

    def check_argument(self, param: str, arg: Any) -> None:
        if type(arg) is not str:
            raise TypeError(f"{self.name}() argument {param} must be a string naming an object, "
                            f"not {type(arg).__name__}")
        shown = arg if len(arg) <= 60 else arg[:60] + "..."
        if len(arg) > MAX_NAME_CHARS or re.fullmatch(self.arg_form, arg) is None:
            raise ArgumentError(f"{self.name}() argument {param} must be one object name, got {shown!r}")
        if self.names is not None and arg.lower() not in self.names:
            raise ArgumentError(f"{self.name}() argument {param}: there is no object named {shown!r}")


@dataclass
class StepRecord:
    command: str
    observation: str
    done: bool
    info: dict = field(default_factory=dict)


class TextEnv(ABC):
    """A text environment: tasks, reset, step, primitives, success and progress."""

    domain: str = ""
    max_steps: int = 20  # step cap at test time; learners pass their own while learning

    @abstractmethod
    def splits(self) -> dict[str, int]:
        """Split name -> number of tasks."""

    @abstractmethod
    def tasks(self, split: str) -> list[str]:
        """Task ids of a split, in a stable order."""

    @abstractmethod
    def reset(self, task_id: str) -> tuple[str, str]:
        """Start a task; returns (goal, initial observation)."""

    @abstractmethod
    def step(self, command: str) -> tuple[str, bool, dict]:
        """Apply one command string; returns (observation, done, info)."""

    @abstractmethod
    def primitives(self) -> list[Primitive]:
        """The primitives available for the current task (after reset)."""

    @property
    @abstractmethod
    def won(self) -> bool:
        """Whether the current task's goal is reached."""

    @property
    def progress(self) -> float | None:
        """Progress rate in [0, 1] where the domain defines one, else None."""
        return None

    def task_type(self, task_id: str) -> str:
        """The task's type (for per-type demonstrations and reports)."""
        return ""

    def canonical_task_type(self, name: str) -> str:
        """The type name `task_type` uses for a user-given name (domains may accept aliases)."""
        return name

    def expert_plan(self, task_id: str) -> list[str]:
        """A list of command strings that solves the task (demonstrations, checks)."""
        raise LookupError(f"{self.domain}: no expert for task {task_id}")

    def call_primitive(self, name: str, args: tuple[Any, ...]) -> str:
        """Run primitive `name` with plain arguments; returns the observation string."""
        by_name = {p.name: p for p in self.primitives()}
        if name not in by_name:
            raise KeyError(f"unknown primitive {name!r}")
        observation, _done, _info = self.step(by_name[name].command(tuple(args)))
        return observation

    def close(self) -> None:
        """Release engine resources."""
