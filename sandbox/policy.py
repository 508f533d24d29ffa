"""The restricted-Python policy: what action-library source may contain, decided before it runs.

Analysis only, no execution: `check_source` returns every violation with its line and column, and
`compile_library` compiles accepted source with RestrictedPython, whose transformer rewrites
attribute, item, iteration and print operations into calls of the runtime guards (`guards.py`).
Unknown syntax fails closed: any AST node type not listed here is rejected.
"""

from __future__ import annotations

import ast
import io
import tokenize
from dataclasses import dataclass
from types import CodeType

from RestrictedPython import compile_restricted_exec

LIBRARY_FILENAME = "actions.py"
CALL_FILENAME = "<call>"

# Harmless modules the sandbox offers (as proxies exposing only listed names; see safe_modules.py).
ALLOWED_IMPORTS = frozenset({"math", "re", "random", "string", "itertools", "json"})

MAX_SOURCE_BYTES = 256_000
MAX_NESTING = 60  # brackets; deeper source is rejected before the parser can recurse on it
MAX_TOKEN_RUN = 60  # consecutive unary operators ("not not not ...", "- - - ...")

_ALLOWED_NODES: frozenset[type] = frozenset(
    {
        ast.Module, ast.FunctionDef, ast.arguments, ast.arg, ast.Return, ast.Assign, ast.AugAssign,
        ast.AnnAssign, ast.For, ast.While, ast.If, ast.Raise, ast.Try, ast.ExceptHandler, ast.Assert,
        ast.Import, ast.ImportFrom, ast.alias, ast.Expr, ast.Pass, ast.Break, ast.Continue, ast.Delete,
        ast.Global, ast.Nonlocal, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Lambda, ast.IfExp, ast.Dict,
        ast.Set, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.Yield, ast.YieldFrom,
        ast.Compare, ast.Call, ast.keyword, ast.FormattedValue, ast.JoinedStr, ast.Constant,
        ast.Attribute, ast.Subscript, ast.Starred, ast.Name, ast.List, ast.Tuple, ast.Slice,
        ast.comprehension, ast.NamedExpr, ast.Load, ast.Store, ast.Del,
        # operators
        ast.And, ast.Or, ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.Pow,
        ast.LShift, ast.RShift, ast.BitOr, ast.BitXor, ast.BitAnd, ast.MatMult, ast.Invert, ast.Not,
        ast.UAdd, ast.USub, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot,
        ast.In, ast.NotIn,
    }
)

# Nodes we refuse with a specific reason (everything else unknown gets the generic one).
_REFUSED_NODES: dict[type, str] = {
    ast.ClassDef: "class definitions are not allowed in action libraries; use functions, dicts and lists",
    ast.AsyncFunctionDef: "async functions are not allowed",
    ast.Await: "await is not allowed",
    ast.AsyncFor: "async for is not allowed",
    ast.AsyncWith: "async with is not allowed",
    ast.With: "with statements are not allowed (there are no files or locks to manage)",
    ast.Match: "match statements are not supported by the sandbox policy",
    ast.TryStar: "except* is not allowed",
}


@dataclass(frozen=True)
class PolicyViolation:
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, col {self.col}: {self.message}"


def _structure_violations(source: str) -> list[PolicyViolation]:
    """Reject pathological nesting with the tokenizer, which does not recurse."""
    depth = 0
    unary_run = 0
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.OP and token.string in "([{":
                depth += 1
                if depth > MAX_NESTING:
                    return [PolicyViolation(*token.start, f"nesting deeper than {MAX_NESTING} brackets")]
            elif token.type == tokenize.OP and token.string in ")]}":
                depth -= 1
            is_unary = (token.type == tokenize.OP and token.string in "-+~") or (
                token.type == tokenize.NAME and token.string == "not"
            )
            unary_run = unary_run + 1 if is_unary else 0
            if unary_run > MAX_TOKEN_RUN:
                return [PolicyViolation(*token.start, f"more than {MAX_TOKEN_RUN} operators in a row")]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        return []  # the parser reports syntax errors with a better message
    return []


def _name_violation(name: str) -> str | None:
    if not name.isascii():
        return f"non-ASCII identifier {name!r} is not allowed"
    if name.startswith("_") and name != "_":  # a lone `_` is the usual throwaway variable
        return f"names starting with '_' are not allowed: {name!r}"
    return None


class _PolicyVisitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.violations: list[PolicyViolation] = []

    def _add(self, node: ast.AST, message: str) -> None:
        self.violations.append(
            PolicyViolation(getattr(node, "lineno", 0), getattr(node, "col_offset", 0) + 1, message)
        )

    def generic_visit(self, node: ast.AST) -> None:
        node_type = type(node)
        if node_type in _REFUSED_NODES:
            self._add(node, _REFUSED_NODES[node_type])
            return
        if node_type not in _ALLOWED_NODES:
            self._add(node, f"{node_type.__name__} syntax is not allowed by the sandbox policy")
            return
        for name in self._names_of(node):
            problem = _name_violation(name)
            if problem:
                self._add(node, problem)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            self._check_import(node)
        super().generic_visit(node)

    @staticmethod
    def _names_of(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Name):
            return [node.id]
        if isinstance(node, ast.Attribute):
            return [node.attr]
        if isinstance(node, ast.FunctionDef):
            return [node.name]
        if isinstance(node, ast.arg):
            return [node.arg]
        if isinstance(node, ast.keyword) and node.arg:
            return [node.arg]
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return list(node.names)
        if isinstance(node, ast.ExceptHandler) and node.name:
            return [node.name]
        if isinstance(node, ast.alias):
            return [part for part in node.name.split(".")] + ([node.asname] if node.asname else [])
        return []

    def _check_import(self, node: ast.Import | ast.ImportFrom) -> None:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                self._add(node, "relative imports are not allowed")
                return
            modules = [node.module or ""]
            if any(alias.name == "*" for alias in node.names):
                self._add(node, "'from ... import *' is not allowed")
        else:
            modules = [alias.name for alias in node.names]
        for module in modules:
            if module not in ALLOWED_IMPORTS:
                allowed = ", ".join(sorted(ALLOWED_IMPORTS))
                self._add(node, f"import of {module!r} is not allowed (allowed: {allowed})")


def check_source(source: str, filename: str = LIBRARY_FILENAME) -> list[PolicyViolation]:
    """Every reason the policy refuses `source`, each with line and column; empty if accepted."""
    if type(source) is not str:
        return [PolicyViolation(0, 0, "source must be text")]
    if len(source.encode("utf-8", "surrogatepass")) > MAX_SOURCE_BYTES:
        return [PolicyViolation(0, 0, f"source is larger than {MAX_SOURCE_BYTES} bytes")]
    if "\x00" in source:
        return [PolicyViolation(0, 0, "source contains a NUL byte")]
    structure = _structure_violations(source)
    if structure:
        return structure
    try:
        tree = ast.parse(source, filename=filename)
    except SyntaxError as exc:
        return [PolicyViolation(exc.lineno or 0, exc.offset or 0, f"syntax error: {exc.msg}")]
    except (RecursionError, MemoryError, ValueError) as exc:
        return [PolicyViolation(0, 0, f"source could not be parsed: {type(exc).__name__}")]
    visitor = _PolicyVisitor()
    visitor.visit(tree)
    return visitor.violations


@dataclass(frozen=True)
class CompiledLibrary:
    code: CodeType
    functions: tuple[str, ...]  # top-level function names, in source order


def _restricted_errors(errors: tuple[str, ...] | list[str]) -> list[PolicyViolation]:
    violations = []
    for error in errors:
        # RestrictedPython reports "Line N: message" (or "Line None: ...")
        line = 0
        text = str(error)
        if text.startswith("Line "):
            head, _, rest = text.partition(":")
            try:
                line = int(head[5:])
            except ValueError:
                line = 0
            text = rest.strip()
        violations.append(PolicyViolation(line, 0, text))
    return violations


def compile_library(source: str, filename: str = LIBRARY_FILENAME) -> tuple[CompiledLibrary | None, list[PolicyViolation]]:
    """Check and compile; returns (compiled, []) or (None, violations)."""
    violations = check_source(source, filename)
    if violations:
        return None, violations
    try:
        result = compile_restricted_exec(source, filename=filename)
    except (RecursionError, MemoryError) as exc:
        return None, [PolicyViolation(0, 0, f"source could not be compiled: {type(exc).__name__}")]
    if result.errors or result.code is None:
        return None, _restricted_errors(result.errors) or [PolicyViolation(0, 0, "compilation failed")]
    tree = ast.parse(source, filename=filename)
    functions = tuple(node.name for node in tree.body if isinstance(node, ast.FunctionDef))
    return CompiledLibrary(result.code, functions), []
