"""RoboticPlanningEnv: AgentBoard's PDDL games (pddl_env.py as LearnAct runs it) as a TextEnv.

Behaviour follows the reference step for step:
- reset: goal text and the full state text; progress (AgentBoard's `reward`) starts at 0.
- "check valid actions" (any command containing "check") and "look around" are answered
  without touching the state, and still count as a step.
- otherwise the command is parsed; no usable operator or too few objects gives error A; a
  grounding whose preconditions fail, or that leaves the state unchanged (pddlgym then returns
  the same state), gives error B; both leave the state as it was and count as a step.
- a valid action shows the full new state (LearnAct shows every literal for all four games),
  with " The goal is satisfied." once every goal literal holds; progress is the best share of
  goal literals reached after any valid action.
The episode is done when the goal holds or `max_steps` steps have been taken.

The action space and the parser follow pddlgym and NLTK exactly (see `simulator`,
`command_parser`, `word_tokenizer`). One deliberate difference: `check valid actions` and `look
around` list their items *sorted*. The reference prints them in Python set order, which follows
string hashing and so changes with PYTHONHASHSEED from one process to the next: no fixed order
could match it, and a sorted one makes prompts, LLM caches and replays reproducible.
A command longer than MAX_COMMAND_CHARS is not parsed (error A): no action line is that long, and
the tokenizer's rules take quadratic time on long runs of spaces.
"""

from __future__ import annotations

from pathlib import Path

from learnact_engine.envs.base import Primitive, TextEnv
from learnact_engine.envs.robotic_planning import planner
from learnact_engine.envs.robotic_planning.command_parser import parse_command
from learnact_engine.envs.robotic_planning.pddl_model import Domain, Problem
from learnact_engine.envs.robotic_planning.primitives import primitives_for
from learnact_engine.envs.robotic_planning.rendering import (
    GOAL_SATISFIED,
    goal_text,
    literal_text,
    state_text,
)
from learnact_engine.envs.robotic_planning.simulator import (
    GroundModel,
    State,
    goal_fraction,
    goal_reached,
)
from learnact_engine.envs.robotic_planning.task_sets import (
    DirectoryTaskSet,
    GeneratedTaskSet,
    TaskSet,
)

ERROR_NOT_AN_ACTION = (
    "The action is not valid and therefore takes no effect. Please check valid actions."
)
ERROR_PRECONDITION = (
    "The action is not valid and therefore takes no effect. Please remember to satisfy the "
    "restriction of actions. You can also check valid actions."
)
MAX_COMMAND_CHARS = 2000
# Games whose reference action space also advertises "look around".
_LOOK_AROUND_GAMES = ("barman", "tyreworld")


class RoboticPlanningEnv(TextEnv):
    domain = "robotic_planning"

    def __init__(
        self,
        data_dir: str | Path | None = None,
        game: str | None = None,
        max_steps: int = 30,
        seed: int = 0,
        preset: str = "clean",
    ) -> None:
        if preset not in ("clean", "paper"):
            raise ValueError(f"unknown preset {preset!r}; choose one of clean, paper")
        self.preset = preset  # the PDDL env behaves the same under both presets
        games = None if game is None else [game]
        self.task_set: TaskSet = (
            GeneratedTaskSet(seed, games) if data_dir is None else DirectoryTaskSet(data_dir, games)
        )
        self.max_steps = max_steps
        self.seed = seed
        self._models: dict[str, GroundModel] = {}
        self._plans: dict[str, list[str]] = {}
        self.task_id: str | None = None
        self._game = ""
        self._model: GroundModel | None = None
        self._state: State = frozenset()
        self.steps = 0
        self._progress = 0.0
        self._won = False

    # ---- tasks ---------------------------------------------------------------------------
    def splits(self) -> dict[str, int]:
        return {split: len(self.task_set.split(split)) for split in ("train", "test", "all")}

    def tasks(self, split: str) -> list[str]:
        return self.task_set.split(split)

    def task_type(self, task_id: str) -> str:
        return self.task_set.resolve(task_id)[0]

    def model(self, task_id: str) -> GroundModel:
        if task_id not in self._models:
            _game, domain, problem = self.task_set.load(task_id)
            self._models[task_id] = GroundModel(domain, problem)
        return self._models[task_id]

    # ---- episode -------------------------------------------------------------------------
    def reset(self, task_id: str) -> tuple[str, str]:
        self._game = self.task_type(task_id)
        self._model = self.model(task_id)
        self.task_id = task_id
        self._state = self.problem.init
        self.steps = 0
        self._progress = 0.0
        self._won = False
        return goal_text(self.problem.goal), state_text(self._state)

    def step(self, command: str) -> tuple[str, bool, dict]:
        model = self._require_task()
        self.steps += 1
        lowered = command.lower()
        if "check" in lowered:
            return self._reply(self.valid_actions_text(), valid=True)
        if "look around" in lowered:
            return self._reply(state_text(self._state), valid=True)
        parsed = None if len(command) > MAX_COMMAND_CHARS else parse_command(
            command,
            model.operators_with_applicable_grounding(self._state),
            {op.name: op.arity for op in self.pddl_domain.operators},
            self.problem.objects,
        )
        if parsed is None:
            return self._reply(ERROR_NOT_AN_ACTION, valid=False)
        action = model.lookup(parsed.operator, parsed.args)
        successor = action.apply(self._state) if action and action.applicable(self._state) else None
        if successor is None or successor == self._state:
            return self._reply(ERROR_PRECONDITION, valid=False)
        self._state = successor
        goal = self.problem.goal
        self._progress = max(self._progress, goal_fraction(successor, goal))
        self._won = goal_reached(successor, goal)
        observation = state_text(successor) + (GOAL_SATISFIED if self._won else "")
        return self._reply(observation, valid=True, action=" ".join(action.key))

    def _reply(self, observation: str, valid: bool, action: str | None = None):
        done = self._won or self.steps >= self.max_steps
        info = {
            "action_is_valid": valid,
            "action": action,
            "won": self._won,
            "progress": self._progress,
            "steps": self.steps,
        }
        return observation, done, info

    def valid_actions_text(self) -> str:
        """The action space (no grounding repeats an object), sorted: see the module docstring."""
        model = self._require_task()
        texts = sorted(literal_text(a.key) for a in model.applicable(self._state))
        extra = ["check valid actions"]
        if self._game in _LOOK_AROUND_GAMES:
            extra.append("look around")
        return "Valid actions are: " + ", ".join(texts + extra)

    # ---- contract ------------------------------------------------------------------------
    def primitives(self) -> list[Primitive]:
        self._require_task()
        return primitives_for(self._game, self.pddl_domain, self.problem.objects)  # typed: the task's objects

    @property
    def won(self) -> bool:
        return self._won

    @property
    def progress(self) -> float:
        return self._progress

    @property
    def state(self) -> State:
        return self._state

    @property
    def problem(self) -> Problem:
        return self._require_task().problem

    @property
    def pddl_domain(self) -> Domain:
        return self._require_task().domain

    def expert_plan(self, task_id: str) -> list[str]:
        """Primitive command strings of a planner solution (computed once per task)."""
        if task_id not in self._plans:
            game = self.task_type(task_id)
            model = self.model(task_id)
            by_operator = {
                op.name: prim
                for op, prim in zip(model.domain.operators, primitives_for(game, model.domain))
            }
            self._plans[task_id] = [
                by_operator[a.operator].command(a.args) for a in planner.plan(model)
            ]
        return list(self._plans[task_id])

    def _require_task(self) -> GroundModel:
        if self._model is None:
            raise RuntimeError("call reset(task_id) before stepping the environment")
        return self._model
