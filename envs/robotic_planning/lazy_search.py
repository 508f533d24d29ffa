"""Lazy greedy best-first search with preferred operators, over a pyperplan task.

pyperplan's own greedy search with hFF stalls for minutes on barman's two-cocktail problems
(its plateaus are long). The remedy is Fast Downward's: evaluate states lazily (successors
queue under their parent's h), keep a second queue for the operators of the parent's relaxed
plan (preferred operators) and boost that queue whenever h improves. With pyperplan's hFF this
solves every AgentBoard problem in a few seconds. The search is complete on finite tasks
(the regular queue holds every successor) unless the expansion budget runs out.
"""

from __future__ import annotations

import heapq
import itertools

from pyperplan.heuristics.relaxation import hFFHeuristic
from pyperplan.search.searchspace import make_root_node
from pyperplan.task import Operator, Task

BOOST = 1000  # extra turns for the preferred queue after each heuristic improvement


class SearchBudgetExceeded(RuntimeError):
    """The expansion budget ran out before the search finished."""


def lazy_greedy_search(task: Task, max_expansions: int = 500_000) -> list[Operator] | None:
    """A plan, or None when the task is unsolvable."""
    heuristic = hFFHeuristic(task)
    counter = itertools.count()  # FIFO tie-breaking among equal h: deterministic
    regular: list = [(0, next(counter), None, None)]
    preferred: list = []
    parents: dict = {}
    best_h = float("inf")
    boost = 0
    turn = 0
    expansions = 0
    while regular or preferred:
        if boost > 0 and preferred:
            queue, boost = preferred, boost - 1
        else:
            turn ^= 1
            queue = (regular, preferred)[turn] or regular or preferred
        _h, _tie, parent, op = heapq.heappop(queue)
        state = task.initial_state if parent is None else op.apply(parent)
        if state in parents:
            continue
        parents[state] = (parent, op)
        if task.goal_reached(state):
            return _extract(parents, state)
        expansions += 1
        if expansions > max_expansions:
            raise SearchBudgetExceeded(f"no plan within {max_expansions} expansions")
        result = heuristic.calc_h_with_plan(make_root_node(state))
        h, relaxed_plan = result if isinstance(result, tuple) else (result, set())
        if h == float("inf"):
            continue  # dead end
        if h < best_h:
            best_h, boost = h, boost + BOOST
        for successor in task.operators:
            if successor.applicable(state):
                heapq.heappush(regular, (h, next(counter), state, successor))
                if successor.name in relaxed_plan:
                    heapq.heappush(preferred, (h, next(counter), state, successor))
    return None


def _extract(parents: dict, state) -> list[Operator]:
    plan = []
    while parents[state][0] is not None:
        parent, op = parents[state]
        plan.append(op)
        state = parent
    return plan[::-1]
