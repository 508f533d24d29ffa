"""Structural facts about one action's code, read with libcst: what it calls, loops, imports,
which observation strings it matches on, and the raw sites that risk flags are made from."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, PositionProvider

BUILTIN_NAMES = frozenset(dir(builtins))
# Builtins that reach outside plain computation: never needed by an action.
DANGEROUS_BUILTINS = frozenset({
    "eval", "exec", "compile", "open", "getattr", "setattr", "delattr", "globals", "locals", "vars",
    "__import__", "input", "breakpoint", "memoryview", "type", "object", "super", "help", "exit", "quit",
})
STRING_MATCH_METHODS = frozenset({"startswith", "endswith", "find", "rfind", "index", "rindex", "count",
                                  "split", "partition", "rpartition", "replace"})
REGEX_FUNCTIONS = frozenset({"search", "match", "fullmatch", "findall", "finditer", "sub", "split", "compile"})


@dataclass(frozen=True)
class Site:
    kind: str  # dunder_name | private_name | dangerous_builtin | unbounded_while | import | string
    line: int  # 1-based, relative to the action's source
    detail: str


@dataclass(frozen=True)
class FunctionFacts:
    calls: frozenset[str]  # plain names called, e.g. goto, find_at, len
    loops: int
    imports: frozenset[str]  # import statements inside the function
    modules_used: frozenset[str]  # names read that are bound by the library's imports
    matches: frozenset[str]  # string literals matched against text (`in`, startswith, re.*)
    sites: tuple[Site, ...] = field(default=())


def _literal(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _is_truthy_constant(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name):
        return node.value == "True"
    if isinstance(node, cst.Integer):
        return node.evaluated_value != 0
    return _literal(node) not in (None, "")


def _walk(node: cst.CSTNode, stop: tuple[type, ...]):
    """Descendants of `node`, not descending into node types in `stop`."""
    for child in node.children:
        yield child
        if not isinstance(child, stop):
            yield from _walk(child, stop)


def _while_bound_problem(loop: cst.While) -> str | None:
    """Why a `while True` loop may never end, or None when it has a counter-guarded exit."""
    scopes = (cst.FunctionDef, cst.Lambda)
    exits = [n for n in _walk(loop.body, scopes + (cst.For, cst.While)) if isinstance(n, cst.Break)]
    exits += [n for n in _walk(loop.body, scopes) if isinstance(n, (cst.Return, cst.Raise))]
    if not exits:
        return "while True with no break, return or raise: it ends only when the sandbox kills it"
    counters = {n.target.value for n in _walk(loop.body, scopes)
                if isinstance(n, cst.AugAssign) and isinstance(n.target, cst.Name)}
    tested = {name.value for n in _walk(loop.body, scopes) if isinstance(n, cst.If)
              for name in _walk(n.test, ()) if isinstance(name, cst.Name)}
    if counters & tested:
        return None
    return "while True without a counter bound: its exits depend only on what it observes"


class _FactsVisitor(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, docstring_node: cst.CSTNode | None) -> None:
        self.docstring_node = docstring_node
        self.calls: set[str] = set()
        self.loops = 0
        self.imports: set[str] = set()
        self.names_read: set[str] = set()
        self.matches: set[str] = set()
        self.sites: list[Site] = []

    def _line(self, node: cst.CSTNode) -> int:
        return self.get_metadata(PositionProvider, node).start.line

    def _site(self, kind: str, node: cst.CSTNode, detail: str) -> None:
        self.sites.append(Site(kind, self._line(node), detail))

    def _check_name(self, name: str, node: cst.CSTNode) -> None:
        if name.startswith("__") and name.endswith("__") and len(name) > 4:
            self._site("dunder_name", node, name)
        elif name.startswith("_") and name != "_":
            self._site("private_name", node, name)

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        first = _literal(node.args[0].value) if node.args else None
        if isinstance(func, cst.Name):
            self.calls.add(func.value)
            if func.value in DANGEROUS_BUILTINS:
                self._site("dangerous_builtin", node, func.value)
        elif isinstance(func, cst.Attribute):
            method = func.attr.value
            if m.matches(func.value, m.Name("re")) and method in REGEX_FUNCTIONS and first is not None:
                self.matches.add(first)
            elif method in STRING_MATCH_METHODS and first is not None and method not in ("replace",):
                self.matches.add(first)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        left = _literal(node.left)
        for target in node.comparisons:
            if left is not None and isinstance(target.operator, (cst.In, cst.NotIn)):
                self.matches.add(left)

    def visit_For(self, node: cst.For) -> None:
        self.loops += 1

    def visit_While(self, node: cst.While) -> None:
        self.loops += 1
        if _is_truthy_constant(node.test):
            problem = _while_bound_problem(node)
            if problem:
                self._site("unbounded_while", node, problem)

    def visit_Import(self, node: cst.Import) -> None:
        self.imports.add(cst.Module(body=[]).code_for_node(node).strip())
        self._site("import", node, cst.Module(body=[]).code_for_node(node).strip())

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.visit_Import(node)  # type: ignore[arg-type]

    def visit_Name(self, node: cst.Name) -> None:
        self.names_read.add(node.value)
        self._check_name(node.value, node)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if node is self.docstring_node:
            return
        value = _literal(node)
        if value is None:
            return
        self._site("string", node, value)


def analyse(source: str, module_names: frozenset[str] = frozenset()) -> FunctionFacts:
    """Facts about a function's source; `module_names` are the names bound by library imports."""
    wrapper = MetadataWrapper(cst.parse_module(source))
    function = next(s for s in wrapper.module.body if isinstance(s, cst.FunctionDef))
    docstring_node = None
    body = function.body.body if isinstance(function.body, cst.IndentedBlock) else ()
    if body and m.matches(body[0], m.SimpleStatementLine(body=[m.Expr(value=m.SimpleString())])):
        docstring_node = body[0].body[0].value
    visitor = _FactsVisitor(docstring_node)
    wrapper.visit(visitor)
    return FunctionFacts(
        calls=frozenset(visitor.calls),
        loops=visitor.loops,
        imports=frozenset(visitor.imports),
        modules_used=frozenset(visitor.names_read & module_names),
        matches=frozenset(visitor.matches),
        sites=tuple(sorted(set(visitor.sites), key=lambda s: (s.line, s.kind, s.detail))),
    )


def import_bindings(statement: str) -> frozenset[str]:
    """Names an import statement binds, e.g. 'from re import search as s' -> {'s'}."""
    import ast

    names: set[str] = set()
    for node in ast.parse(statement).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                names.add(alias.asname or alias.name.split(".")[0])
    return frozenset(names)
