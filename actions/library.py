"""Action and ActionLibrary: immutable, content-addressed; every edit returns a new library.

An action is one top-level function. Its content hash covers its exact source text; the library
hash covers imports, action hashes, notes and descriptions (not the parent, like a git tree), and
each edited library records its parent's hash. `source()` is the module text the sandbox loads:
allowlisted imports first, then the functions, each separated by two blank lines.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from learnact_engine.actions.errors import LibraryError, Rejection

if TYPE_CHECKING:
    from learnact_engine.actions.parse import ParsedReply


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _function_node(source: str) -> ast.FunctionDef:
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise LibraryError([Rejection(exc.lineno or 0, exc.offset or 0, f"syntax error: {exc.msg}")]) from None
    functions = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if len(tree.body) != 1 or len(functions) != 1:
        raise LibraryError([Rejection(1, 1, "an action's source must be exactly one function definition")])
    return functions[0]  # type: ignore[return-value]


@dataclass(frozen=True)
class Action:
    """One learned action: a top-level function plus the notes and description shown to the agent."""

    source: str  # the function's text (leading comments included), ending with a newline
    notes: tuple[str, ...] = ()
    description: str = ""  # natural-language interface text, kept apart from the code
    name: str = field(init=False)
    params: tuple[str, ...] = field(init=False)  # parameter names in order (with * / ** prefixes)
    signature: str = field(init=False)  # e.g. "find_at(obj, recep='table 1')"
    docstring: str | None = field(init=False)
    content_hash: str = field(init=False)

    def __post_init__(self) -> None:
        source = self.source if self.source.endswith("\n") else self.source + "\n"
        node = _function_node(source)
        args = node.args
        names = [a.arg for a in args.posonlyargs + args.args]
        if args.vararg:
            names.append("*" + args.vararg.arg)
        names += [a.arg for a in args.kwonlyargs]
        if args.kwarg:
            names.append("**" + args.kwarg.arg)
        signature = f"{node.name}({ast.unparse(args)})"
        if node.returns is not None:
            signature += f" -> {ast.unparse(node.returns)}"
        for key, value in (
            ("source", source),
            ("notes", tuple(str(n) for n in self.notes)),
            ("name", node.name),
            ("params", tuple(names)),
            ("signature", signature),
            ("docstring", ast.get_docstring(node, clean=True)),
            ("content_hash", sha256_text(source)),
        ):
            object.__setattr__(self, key, value)

    def with_note(self, note: str) -> Action:
        return replace(self, notes=self.notes + (note,))

    def summary(self) -> dict:
        return {
            "name": self.name,
            "signature": self.signature,
            "content_hash": self.content_hash,
            "notes": list(self.notes),
            "description": self.description,
        }


@dataclass(frozen=True)
class ActionLibrary:
    """An ordered set of actions plus the imports they share. Edits return new libraries."""

    actions: tuple[Action, ...] = ()
    imports: tuple[str, ...] = ()  # normalised import statements, e.g. "import re"
    parent_hash: str | None = None
    primitive_names: frozenset[str] = field(default=frozenset(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "actions", tuple(self.actions))
        object.__setattr__(self, "imports", tuple(sorted(set(self.imports))))
        object.__setattr__(self, "primitive_names", frozenset(self.primitive_names))

    # --- construction -------------------------------------------------------------------------

    @staticmethod
    def parse(text: str, primitive_names: Iterable[str] = (), policy=None) -> ParsedReply:
        """Parse an LLM reply: fenced Python blocks -> library, stray statements, rejections."""
        from learnact_engine.actions.parse import parse_reply

        return parse_reply(text, primitive_names=primitive_names, policy=policy)

    @staticmethod
    def from_source(source: str, primitive_names: Iterable[str] = (), policy=None,
                    validate: bool = True) -> ActionLibrary:
        """A library from module text (an actions.py); raises LibraryError when it is invalid.

        With validate=False only the syntax and layout are required (for auditing a foreign file).
        """
        from learnact_engine.actions.parse import library_from_module

        return library_from_module(source, primitive_names=primitive_names, policy=policy, validate=validate)

    # --- identity -----------------------------------------------------------------------------

    @property
    def hash(self) -> str:
        payload = {"imports": list(self.imports), "actions": [a.summary() for a in self.actions]}
        return sha256_text(json.dumps(payload, sort_keys=True, separators=(",", ":")))

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.actions)

    def get(self, name: str) -> Action | None:
        return next((a for a in self.actions if a.name == name), None)

    def __getitem__(self, name: str) -> Action:
        action = self.get(name)
        if action is None:
            raise KeyError(f"no action named {name!r} (have: {', '.join(self.names) or 'none'})")
        return action

    def __contains__(self, name: object) -> bool:
        return any(a.name == name for a in self.actions)

    def __len__(self) -> int:
        return len(self.actions)

    # --- the module text the sandbox loads ----------------------------------------------------

    def source(self) -> str:
        parts: list[str] = []
        if self.imports:
            parts.append("\n".join(self.imports) + "\n")
        parts += [a.source for a in self.actions]
        return "\n\n".join(parts)

    def line_spans(self) -> dict[str, tuple[int, int]]:
        """Action name -> (first line, last line) in `source()`, 1-based and inclusive."""
        spans: dict[str, tuple[int, int]] = {}
        line = 1 + (len(self.imports) + 2 if self.imports else 0)
        for action in self.actions:
            length = action.source.count("\n")
            spans[action.name] = (line, line + length - 1)
            line += length + 2
        return spans

    def action_at_line(self, line: int) -> str | None:
        """Which action holds a line of `source()` (to map sandbox tracebacks back)."""
        return next((n for n, (a, b) in self.line_spans().items() if a <= line <= b), None)

    # --- edits (each returns a new library whose parent is this one) --------------------------

    def _edited(self, actions: Iterable[Action], imports: Iterable[str] | None = None,
                validate: bool = True, policy=None) -> ActionLibrary:
        library = ActionLibrary(
            actions=tuple(actions),
            imports=tuple(self.imports if imports is None else imports),
            parent_hash=self.hash,
            primitive_names=self.primitive_names,
        )
        if validate:
            from learnact_engine.actions.validate import validate_library

            problems = validate_library(library, policy=policy)
            if problems:
                raise LibraryError(problems)
        return library

    def with_action(self, action: Action | str, policy=None) -> ActionLibrary:
        """Add an action, or replace the one with the same name in place."""
        if isinstance(action, str):
            action = Action(action)
        if action.name in self:
            actions = [action if a.name == action.name else a for a in self.actions]
        else:
            actions = [*self.actions, action]
        return self._edited(actions, policy=policy)

    def with_actions(self, other: ActionLibrary, policy=None) -> ActionLibrary:
        """Apply a revision: its actions replace same-named ones or are appended; imports merge."""
        merged = list(self.actions)
        for action in other.actions:
            index = next((i for i, a in enumerate(merged) if a.name == action.name), None)
            if index is None:
                merged.append(action)
            else:
                merged[index] = action
        return self._edited(merged, imports=self.imports + other.imports, policy=policy)

    def without_action(self, name: str) -> ActionLibrary:
        self[name]  # raises KeyError naming the known actions
        return self._edited([a for a in self.actions if a.name != name], validate=False)

    def with_note(self, name: str, note: str) -> ActionLibrary:
        """Attach a note (a 'Plan' revision): the code is unchanged, the agent sees the note."""
        note = note.strip()
        if not note:
            raise ValueError("a note must not be empty")
        target = self[name]
        return self._edited([a.with_note(note) if a is target else a for a in self.actions], validate=False)

    def with_description(self, name: str, description: str) -> ActionLibrary:
        target = self[name]
        return self._edited(
            [replace(a, description=description.strip()) if a is target else a for a in self.actions],
            validate=False,
        )

    def with_imports(self, imports: Iterable[str], policy=None) -> ActionLibrary:
        return self._edited(self.actions, imports=self.imports + tuple(imports), policy=policy)
