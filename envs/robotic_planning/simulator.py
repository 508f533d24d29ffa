"""STRIPS semantics over the loaded model: grounding, applicability, successor states.

Grounding enumerates type-correct argument tuples and prunes those whose *static*
preconditions (predicates no operator changes, such as gripper's `room` or barman's `next`)
fail in the initial state; every other grounding stays, so "is this grounding applicable now"
is a subset test. Effects apply as in STRIPS (and pddlgym): deletes first, then adds.

The *action space* (what `check valid actions` lists, what makes an operator name parse, what the
planner may use) is pddlgym's: it skips every grounding that repeats an object (pddlgym's
`LiteralSpace`/`LiteralActionSpace` drop them while grounding), so `move rooma rooma` is never
offered, and barman's `empty-shaker ... l0 l0` (a shaker poured down to its empty level) never
makes `empty-shaker` parse. `lookup` still finds such a grounding: pddlgym's step proves any
action whose operator name parsed, repeated objects included.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from learnact_engine.envs.robotic_planning.pddl_model import Atom, Domain, Operator, Problem

State = frozenset[Atom]


@dataclass(frozen=True)
class GroundAction:
    operator: str
    args: tuple[str, ...]
    pre: frozenset[Atom]
    add: frozenset[Atom]
    delete: frozenset[Atom]

    def applicable(self, state: State) -> bool:
        return self.pre <= state

    def apply(self, state: State) -> State:
        return (state - self.delete) | self.add

    @property
    def key(self) -> tuple[str, ...]:
        return (self.operator, *self.args)

    @property
    def distinct(self) -> bool:
        """No object repeats among the arguments (pddlgym keeps only these in its action space)."""
        return len(set(self.args)) == len(self.args)


def _bind(schema: Atom, binding: dict[str, str]) -> Atom:
    return (schema[0], *(binding.get(arg, arg) for arg in schema[1:]))


class GroundModel:
    """All useful groundings of one problem, indexed by operator and by (operator, args)."""

    def __init__(self, domain: Domain, problem: Problem) -> None:
        self.domain = domain
        self.problem = problem
        self.by_key: dict[tuple[str, ...], GroundAction] = {}
        self.by_operator: dict[str, list[GroundAction]] = {}  # the action space: distinct groundings
        static = domain.static_predicates()
        for op in domain.operators:
            actions = [a for a in self._ground(op, static)]
            self.by_operator[op.name] = [a for a in actions if a.distinct]
            for action in actions:
                self.by_key[action.key] = action

    def _ground(self, op: Operator, static: set[str]):
        candidates = [
            sorted(o for o, t in self.problem.objects.items() if self.domain.is_subtype(t, ptype))
            for _var, ptype in op.params
        ]
        variables = ["?" + var for var, _ in op.params]
        for args in itertools.product(*candidates):
            binding = dict(zip(variables, args))
            pre = frozenset(_bind(a, binding) for a in op.pre)
            if any(a[0] in static and a not in self.problem.init for a in pre):
                continue
            yield GroundAction(
                op.name,
                tuple(args),
                pre,
                frozenset(_bind(a, binding) for a in op.add),
                frozenset(_bind(a, binding) for a in op.delete),
            )

    def applicable(self, state: State) -> list[GroundAction]:
        """The action space now: applicable groundings without a repeated object."""
        return [a for actions in self.by_operator.values() for a in actions if a.applicable(state)]

    def operators_with_applicable_grounding(self, state: State) -> set[str]:
        """Operator names that parse now: those with an applicable grounding in the action space."""
        return {
            name
            for name, actions in self.by_operator.items()
            if any(a.applicable(state) for a in actions)
        }

    def lookup(self, operator: str, args: tuple[str, ...]) -> GroundAction | None:
        """The grounding, or None when the arguments are ill-typed or a static fact fails."""
        return self.by_key.get((operator, *args))


def goal_reached(state: State, goal: tuple[Atom, ...]) -> bool:
    return all(atom in state for atom in goal)


def goal_fraction(state: State, goal: tuple[Atom, ...]) -> float:
    """AgentBoard's constraint-satisfaction metric: share of goal literals that hold."""
    if not goal:
        return 1.0
    return sum(atom in state for atom in goal) / len(goal)
