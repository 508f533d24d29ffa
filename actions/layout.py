"""Split Python module text into what a library keeps (functions, imports) and what it sets aside.

libcst keeps the exact text of each function, comments included, so the stored action is what
the LLM wrote. Everything that is neither a top-level function nor an import (usage examples,
prints, constants, `if __name__ == "__main__":`) is a stray statement: not part of the library,
but kept so the learner can run it as a test case.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider


@dataclass(frozen=True)
class FunctionPart:
    name: str
    source: str  # function text with its directly preceding comment lines
    line: int  # line of `def`
    col: int  # 1-based
    first_line: int  # line where `source` starts (a comment, a decorator or `def`)
    decorators: tuple[str, ...]
    is_async: bool
    decorator_line: int | None = None  # line of the first decorator


@dataclass(frozen=True)
class ImportPart:
    code: str  # normalised, e.g. "from itertools import product"
    line: int
    col: int


@dataclass(frozen=True)
class StrayStatement:
    """A top-level statement that is not a function or an import."""

    code: str
    line: int
    end_line: int
    binds: tuple[str, ...]  # names it assigns at module level
    block: int | None = None

    def to_dict(self) -> dict:
        return {"block": self.block, "line": self.line, "end_line": self.end_line, "code": self.code}


@dataclass(frozen=True)
class ModuleLayout:
    functions: tuple[FunctionPart, ...]
    imports: tuple[ImportPart, ...]
    strays: tuple[StrayStatement, ...]


def _leading_comments(node: cst.FunctionDef) -> list[cst.EmptyLine]:
    """The comment lines directly above a function (a blank line ends the run)."""
    kept: list[cst.EmptyLine] = []
    for empty in reversed(node.leading_lines):
        if empty.comment is None:
            break
        kept.insert(0, empty)
    return kept


def _binds(code: str) -> tuple[str, ...]:
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return ()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                names.add(sub.id)
    return tuple(sorted(names))


def _normalise_import(code: str) -> str:
    return ast.unparse(ast.parse(code.strip()))


def split_module(code: str) -> ModuleLayout:
    """Split module text (already known to be valid Python) into functions, imports and strays."""
    wrapper = MetadataWrapper(cst.parse_module(code))
    module = wrapper.module
    positions = wrapper.resolve(PositionProvider)
    empty = cst.Module(body=[])
    functions: list[FunctionPart] = []
    imports: list[ImportPart] = []
    strays: list[StrayStatement] = []
    for statement in module.body:
        start = positions[statement].start
        end = positions[statement].end
        if isinstance(statement, cst.FunctionDef):
            comments = _leading_comments(statement)
            text = empty.code_for_node(statement.with_changes(leading_lines=comments))
            functions.append(FunctionPart(
                name=statement.name.value,
                source=text if text.endswith("\n") else text + "\n",
                line=start.line,
                col=start.column + 1,
                first_line=start.line - len(comments),
                decorators=tuple(empty.code_for_node(d.decorator) for d in statement.decorators),
                is_async=statement.asynchronous is not None,
                decorator_line=positions[statement.decorators[0]].start.line if statement.decorators else None,
            ))
            continue
        if isinstance(statement, cst.SimpleStatementLine):
            others = []
            for small in statement.body:
                if isinstance(small, (cst.Import, cst.ImportFrom)):
                    imports.append(ImportPart(_normalise_import(empty.code_for_node(small)), start.line, start.column + 1))
                else:
                    others.append(empty.code_for_node(small).strip())
            if not others:
                continue
            stray_code = "; ".join(others) + "\n"
        else:
            stray_code = empty.code_for_node(statement.with_changes(leading_lines=()))
        strays.append(StrayStatement(stray_code, start.line, end.line, _binds(stray_code)))
    return ModuleLayout(tuple(functions), tuple(imports), tuple(strays))
