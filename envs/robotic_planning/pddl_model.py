"""Load STRIPS domains and problems with the `pddl` library into small plain dataclasses.

The simulator, renderer and planner work on these dataclasses, never on `pddl` objects, so the
fragment we support is explicit: typed (or untyped) objects and constants, conjunctions of
positive atoms as preconditions and goals, conjunctions of atoms and negated atoms as effects.
Anything else is refused with a message that names the construct and the action.

Names are lower-cased (PDDL is case-insensitive and the reference parser lower-cases commands).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pddl.core import Domain as PddlDomain
from pddl.core import Problem as PddlProblem
from pddl.logic.base import And, Not
from pddl.logic.predicates import Predicate
from pddl.logic.terms import Constant, Variable
from pddl.parser.domain import DomainParser
from pddl.parser.problem import ProblemParser

ROOT_TYPE = "object"

Atom = tuple[str, ...]  # (predicate, arg1, ...) with object names, or "?var" in schemas


class PddlError(ValueError):
    """A PDDL file that cannot be read or falls outside the STRIPS fragment we simulate."""


@dataclass(frozen=True)
class Operator:
    name: str
    params: tuple[tuple[str, str], ...]  # (variable without '?', type)
    pre: tuple[Atom, ...]  # schema atoms: arguments are "?var" or constant names
    add: tuple[Atom, ...]
    delete: tuple[Atom, ...]

    @property
    def arity(self) -> int:
        return len(self.params)


@dataclass(frozen=True)
class Domain:
    name: str
    parents: dict[str, str]  # type -> parent type (ROOT_TYPE for top-level types)
    predicates: dict[str, int]  # predicate -> arity
    constants: dict[str, str]  # constant -> type
    operators: tuple[Operator, ...]

    def is_subtype(self, type_name: str, ancestor: str) -> bool:
        seen = set()
        while type_name not in seen:
            if type_name == ancestor or ancestor == ROOT_TYPE:
                return True
            seen.add(type_name)
            type_name = self.parents.get(type_name, ROOT_TYPE)
        return False

    def operator(self, name: str) -> Operator:
        for op in self.operators:
            if op.name == name:
                return op
        raise KeyError(name)

    def static_predicates(self) -> set[str]:
        """Predicates no operator changes (room, ball, next, dispenses...): used to prune groundings."""
        changed = {atom[0] for op in self.operators for atom in op.add + op.delete}
        return set(self.predicates) - changed


@dataclass(frozen=True)
class Problem:
    name: str
    domain_name: str
    objects: dict[str, str]  # object -> type, domain constants included
    init: frozenset[Atom]
    goal: tuple[Atom, ...]


_SECTION_ORDER = (":requirements", ":types", ":constants", ":predicates", ":functions")


def _top_level_sections(body: str) -> list[str]:
    """Split the inside of `(define ...)` into its balanced top-level parts."""
    parts, depth, start = [], 0, None
    for i, ch in enumerate(body):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0 and start is not None:
                parts.append(body[start : i + 1])
            if depth < 0:
                raise PddlError("unbalanced parentheses")
    if depth != 0:
        raise PddlError("unbalanced parentheses")
    return parts


def _canonical_section_order(text: str) -> str:
    """`pddl` demands the BNF section order; pddlgym accepts any (tyreworld puts :constants late)."""
    text = re.sub(r";[^\n]*", "", text)
    opening = re.match(r"\s*\(\s*define\b", text, re.IGNORECASE)
    if opening is None:
        raise PddlError("not a PDDL file: expected '(define'")
    sections = _top_level_sections(text[opening.end() : text.rstrip().rfind(")")])

    def rank(section: str) -> int:
        keyword = section[1:].split(None, 1)[0].lower() if len(section) > 1 else ""
        if keyword in ("domain", "problem"):
            return -1
        if keyword in _SECTION_ORDER:
            return _SECTION_ORDER.index(keyword)
        return len(_SECTION_ORDER)  # actions and problem sections keep their own order

    return "(define " + "\n".join(sorted(sections, key=rank)) + ")"


def _with_implied_requirements(text: str) -> str:
    """pddlgym reads files that use :types without declaring :typing (tyreworld); `pddl` is strict."""
    text = _canonical_section_order(text)
    if not re.search(r"\(\s*:types\b", text, re.IGNORECASE):
        return text
    req = re.search(r"\(\s*:requirements\b([^)]*)\)", text, re.IGNORECASE)
    if req is None:
        header = re.search(r"\(\s*domain\s+[^)\s]+\s*\)", text, re.IGNORECASE)
        if header is None:
            return text
        return text[: header.end()] + "\n(:requirements :strips :typing)" + text[header.end() :]
    if ":typing" in req.group(1).lower():
        return text
    return text[: req.end(1)] + " :typing" + text[req.end(1) :]


def _term(term: object) -> str:
    if isinstance(term, Variable):
        return "?" + str(term.name).lower()
    if isinstance(term, Constant):
        return str(term.name).lower()
    raise PddlError(f"unsupported term {term!r}")


def _atom(formula: object, where: str) -> Atom:
    if not isinstance(formula, Predicate):
        raise PddlError(f"{where}: only atoms are supported here, got {formula}")
    return (str(formula.name).lower(), *(_term(t) for t in formula.terms))


def _conjuncts(formula: object) -> list[object]:
    if formula is None:
        return []
    if isinstance(formula, And):
        return list(formula.operands)
    return [formula]


def _single_type(type_tags: frozenset, where: str) -> str:
    tags = sorted(str(t).lower() for t in type_tags)
    if len(tags) > 1:
        raise PddlError(f"{where}: 'either' types are not supported ({' '.join(tags)})")
    return tags[0] if tags else ROOT_TYPE


def _operator(action: object) -> Operator:
    where = f"action {action.name}"
    params = tuple(
        (str(v.name).lower(), _single_type(v.type_tags, where)) for v in action.parameters
    )
    pre = tuple(_atom(f, f"{where} precondition") for f in _conjuncts(action.precondition))
    add: list[Atom] = []
    delete: list[Atom] = []
    for effect in _conjuncts(action.effect):
        if isinstance(effect, Not):
            delete.append(_atom(effect.argument, f"{where} effect"))
        else:
            add.append(_atom(effect, f"{where} effect"))
    return Operator(str(action.name).lower(), params, pre, tuple(add), tuple(delete))


def domain_from_text(text: str) -> Domain:
    try:
        parsed: PddlDomain = DomainParser()(_with_implied_requirements(text))
    except PddlError:
        raise
    except Exception as exc:  # the parser raises lark and pddl errors of many kinds
        raise PddlError(f"cannot parse domain: {exc}") from exc
    parents = {
        str(t).lower(): (str(p).lower() if p else ROOT_TYPE) for t, p in parsed.types.items()
    }
    predicates = {str(p.name).lower(): len(p.terms) for p in parsed.predicates}
    constants = {
        str(c.name).lower(): _single_type(c.type_tags, "constant") for c in parsed.constants
    }
    operators = tuple(sorted((_operator(a) for a in parsed.actions), key=lambda op: op.name))
    return Domain(str(parsed.name).lower(), parents, predicates, constants, operators)


def problem_from_text(text: str, domain: Domain) -> Problem:
    try:
        parsed: PddlProblem = ProblemParser()(_with_implied_requirements_problem(text, domain))
    except Exception as exc:
        raise PddlError(f"cannot parse problem: {exc}") from exc
    objects = dict(domain.constants)
    for obj in parsed.objects:
        objects[str(obj.name).lower()] = _single_type(obj.type_tags, "object")
    init = frozenset(_atom(f, "init") for f in parsed.init)
    goal = tuple(_atom(f, "goal") for f in _conjuncts(parsed.goal))
    for atom in list(init) + list(goal):
        if atom[0] not in domain.predicates:
            raise PddlError(f"problem uses unknown predicate {atom[0]!r}")
        for arg in atom[1:]:
            if arg not in objects:
                raise PddlError(f"problem uses undeclared object {arg!r} in ({' '.join(atom)})")
    return Problem(str(parsed.name).lower(), str(parsed.domain_name).lower(), objects, init, goal)


def _with_implied_requirements_problem(text: str, domain: Domain) -> str:
    """Typed objects in a problem need :typing for `pddl`; inherit it from a typed domain."""
    if not domain.parents or re.search(r"\(\s*:requirements\b", text, re.IGNORECASE):
        return text
    header = re.search(r"\(\s*:domain\s+[^)\s]+\s*\)", text, re.IGNORECASE)
    if header is None:
        return text
    return text[: header.end()] + "\n(:requirements :strips :typing)" + text[header.end() :]


def load_domain(path: Path) -> Domain:
    return domain_from_text(Path(path).read_text())


def load_problem(path: Path, domain: Domain) -> Problem:
    try:
        return problem_from_text(Path(path).read_text(), domain)
    except PddlError as exc:
        raise PddlError(f"{path}: {exc}") from exc
