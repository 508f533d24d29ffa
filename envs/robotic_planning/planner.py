"""Expert plans: pyperplan's task model and hFF heuristic, run on our own grounding.

We hand pyperplan a `Task` built from `GroundModel` rather than the PDDL files, so planner and
simulator share one reading of the domain and generated instances need no temporary files.
Facts are small integers, not strings: pyperplan iterates over sets of facts, and string hashes
change from process to process, so string facts would make plans differ between runs.
Lazy plans carry detours; action elimination then drops every action the plan does not need.
Plans use only the action space (`GroundModel.by_operator`: no grounding repeats an object), so
every step of an expert plan is a command the reference accepts.
"""

from __future__ import annotations

from pyperplan.task import Operator as PlannerOperator
from pyperplan.task import Task as PlannerTask

from learnact_engine.envs.robotic_planning.lazy_search import lazy_greedy_search
from learnact_engine.envs.robotic_planning.pddl_model import Atom
from learnact_engine.envs.robotic_planning.simulator import (
    GroundAction,
    GroundModel,
    State,
    goal_reached,
)


class NoPlanError(RuntimeError):
    """The search proved the task unsolvable from the given state."""


def plan(model: GroundModel, state: State | None = None) -> list[GroundAction]:
    """A sequence of ground actions reaching the problem's goal from `state` (default: init)."""
    start = model.problem.init if state is None else state
    goal = model.problem.goal
    actions = [a for ops in model.by_operator.values() for a in ops]
    fact_ids: dict[Atom, int] = {}

    def ids(atoms) -> frozenset[int]:
        return frozenset(fact_ids.setdefault(a, len(fact_ids)) for a in sorted(atoms))

    init_ids, goal_ids = ids(start), ids(goal)
    operators = [
        # STRIPS applies deletes before adds, so an atom both deleted and added stays true.
        PlannerOperator(str(i), ids(a.pre), ids(a.add), ids(a.delete - a.add))
        for i, a in enumerate(actions)
    ]
    task = PlannerTask(model.problem.name, set(fact_ids.values()), init_ids, goal_ids, operators)
    solution = lazy_greedy_search(task)
    if solution is None:
        raise NoPlanError(f"problem {model.problem.name} has no plan")
    return eliminate_redundant_actions([actions[int(op.name)] for op in solution], start, goal)


def _valid(actions: list[GroundAction], state: State, goal: tuple[Atom, ...]) -> bool:
    for action in actions:
        if not action.applicable(state):
            return False
        state = action.apply(state)
    return goal_reached(state, goal)


def eliminate_redundant_actions(
    actions: list[GroundAction], state: State, goal: tuple[Atom, ...]
) -> list[GroundAction]:
    """Greedy action elimination: drop each action (and any it strands) the plan can do without."""
    i = 0
    while i < len(actions):
        candidate = actions[:i] + actions[i + 1 :]
        if _valid(candidate, state, goal):
            actions = candidate
        else:
            i += 1
    return actions
