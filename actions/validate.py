"""The rules a library must meet before anything runs; each refusal names line, column and reason.

Syntax comes from CPython's own compiler (its messages are the ones the LLM knows), layout from
`layout.split_module`, and the sandbox rules from `learnact_engine.sandbox.policy.check_source`,
imported lazily so the policy stays the sandbox's single source of truth. A `policy` argument
(anything with `check_source` and `ALLOWED_IMPORTS`) may stand in for it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from typing import TYPE_CHECKING

from learnact_engine.actions.bounds import source_rejection
from learnact_engine.actions.errors import Rejection
from learnact_engine.actions.layout import (
    FunctionPart,
    ModuleLayout,
    StrayStatement,
    split_module,
)

if TYPE_CHECKING:
    from learnact_engine.actions.library import ActionLibrary


def load_policy(policy=None):
    if policy is not None:
        return policy
    from learnact_engine.sandbox import policy as sandbox_policy

    return sandbox_policy


def syntax_rejections(code: str, block: int | None = None) -> list[Rejection]:
    """CPython's verdict, including compile-time errors such as 'return' outside function;
    first the size and nesting bounds (`bounds.py`), so nothing deeper ever reaches a parser."""
    too_big = source_rejection(code, block)
    if too_big is not None:
        return [too_big]
    try:
        compile(code, "actions.py", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return [Rejection(exc.lineno or 0, exc.offset or 0, f"syntax error: {exc.msg}", block)]
    except (ValueError, RecursionError, MemoryError) as exc:
        return [Rejection(0, 0, f"source could not be compiled: {type(exc).__name__}: {exc}", block)]
    return []


def function_rejections(
    functions: Iterable[FunctionPart],
    primitive_names: frozenset[str],
    block: int | None = None,
    seen: dict[str, tuple[int | None, int]] | None = None,
) -> list[Rejection]:
    """Decorators, duplicate names (across blocks via `seen`), primitives shadowed."""
    seen = {} if seen is None else seen
    problems: list[Rejection] = []
    for fn in functions:
        if fn.decorators:
            problems.append(Rejection(fn.decorator_line or fn.line, 1, (
                f"decorators are not allowed on actions (@{fn.decorators[0]} on {fn.name!r}): "
                "an action must be a plain function"), block))
        if fn.name in primitive_names:
            problems.append(Rejection(fn.line, fn.col, (
                f"function {fn.name!r} shadows the primitive {fn.name}(); give the action another name"), block))
        if fn.name in seen:
            first_block, first_line = seen[fn.name]
            where = f"block {first_block}, line {first_line}" if first_block is not None else f"line {first_line}"
            problems.append(Rejection(fn.line, fn.col, (
                f"duplicate action name {fn.name!r} (first defined at {where}); define each function once"), block))
        else:
            seen[fn.name] = (block, fn.line)
    return problems


def _globals_read(source: str) -> set[str]:
    """Names a function reads that it does not bind itself (so they must come from the module)."""
    tree = ast.parse(source)
    loaded: set[str] = set()
    bound: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
    return loaded - bound


def dropped_binding_rejections(layout: ModuleLayout, block: int | None = None) -> list[Rejection]:
    """A constant or class the library drops but a function reads would be a NameError later."""
    problems: list[Rejection] = []
    readers = {fn.name: _globals_read(fn.source) for fn in layout.functions}
    for stray in layout.strays:
        for name in stray.binds:
            users = sorted(fn for fn, names in readers.items() if name in names)
            if users:
                problems.append(Rejection(stray.line, 1, (
                    f"top-level name {name!r} is not kept in the library (only functions and imports are), "
                    f"but {', '.join(users)} uses it: define it inside the function"), block))
    return problems


def policy_rejections(code: str, policy=None, block: int | None = None) -> list[Rejection]:
    return [Rejection(v.line, v.col, v.message, block) for v in load_policy(policy).check_source(code)]


def blank_strays(code: str, strays: Iterable[StrayStatement]) -> str:
    """The module with stray statements blanked out, line numbers unchanged."""
    lines = code.splitlines(keepends=True)
    for stray in strays:
        for index in range(stray.line - 1, min(stray.end_line, len(lines))):
            lines[index] = "\n"
    return "".join(lines)


def validate_library(library: ActionLibrary, policy=None) -> list[Rejection]:
    """Every reason `library.source()` is not a valid action module; empty if valid."""
    source = library.source()
    problems = syntax_rejections(source)
    if problems:
        return problems
    try:
        layout = split_module(source)
    except Exception as exc:  # noqa: BLE001 - any parser failure is a refusal, never a host crash
        return [Rejection(1, 1, f"the source could not be parsed ({type(exc).__name__})")]
    problems += [Rejection(s.line, 1, "only functions and imports may appear at the top level of a library")
                 for s in layout.strays]
    problems += function_rejections(layout.functions, library.primitive_names)
    problems += policy_rejections(source, policy)
    return sorted(set(problems), key=lambda r: (r.line, r.col, r.message))
