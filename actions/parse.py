"""From an LLM reply (or an actions.py) to an ActionLibrary, with every refusal located.

Each fenced block is checked on its own, so a rejection names the block and a line the LLM can
find in what it wrote. Stray statements (usage examples) are set aside for the learner to run as
a test case; one the sandbox policy would refuse is dropped with a warning rather than failing
the reply, because it is not part of the library.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import libcst as cst
from learnact_engine.actions.errors import LibraryError, Rejection
from learnact_engine.actions.extract import CodeBlock, extract_code_blocks
from learnact_engine.actions.layout import StrayStatement, split_module
from learnact_engine.actions.library import Action, ActionLibrary
from learnact_engine.actions.validate import (
    blank_strays,
    dropped_binding_rejections,
    function_rejections,
    load_policy,
    policy_rejections,
    syntax_rejections,
    validate_library,
)
from learnact_engine.sandbox.sanitize import clean_text


@dataclass(frozen=True)
class ParsedReply:
    library: ActionLibrary | None  # None when anything was rejected
    strays: tuple[StrayStatement, ...]  # usage examples / test cases, in reply order
    errors: tuple[Rejection, ...]
    warnings: tuple[str, ...] = ()
    blocks: tuple[CodeBlock, ...] = ()

    @property
    def ok(self) -> bool:
        return self.library is not None and not self.errors

    def test_code(self) -> str:
        """The stray statements as one script (what the learner may run as a test case)."""
        return "".join(s.code for s in self.strays)

    def feedback(self) -> str:
        """The rejections as text for the next LLM prompt."""
        return "\n".join(str(e) for e in self.errors)


def _layout_of(code: str, block: int | None) -> tuple[object | None, list[Rejection]]:
    try:
        return split_module(code), []
    except cst.ParserSyntaxError as exc:
        return None, [Rejection(exc.raw_line, exc.raw_column + 1, f"syntax error: {exc.message}", block)]
    except (RecursionError, MemoryError, Exception) as exc:  # noqa: BLE001 - any parser failure is a refusal
        return None, [Rejection(1, 1, f"the source could not be parsed ({type(exc).__name__}): "
                                      "simplify deeply nested or very long expressions", block)]


def parse_reply(text: str, primitive_names: Iterable[str] = (), policy=None) -> ParsedReply:
    text = clean_text(text, None)  # an LLM reply is untrusted text: no lone surrogates, no tag characters
    primitives = frozenset(primitive_names)
    policy = load_policy(policy)
    blocks = extract_code_blocks(text)
    if not blocks:
        return ParsedReply(None, (), (Rejection(0, 0, "no ```python code block found in the reply"),))
    numbered = len(blocks) > 1
    errors: list[Rejection] = []
    warnings: list[str] = []
    strays: list[StrayStatement] = []
    actions: list[Action] = []
    imports: list[str] = []
    seen: dict[str, tuple[int | None, int]] = {}
    for block in blocks:
        tag = block.index if numbered else None
        problems = syntax_rejections(block.text, tag)
        if problems:
            if not block.terminated:
                problems = [Rejection(r.line, r.col, r.message + " (the code block is not closed: "
                                      "was the reply cut off?)", r.block) for r in problems]
            errors += problems
            continue
        layout, problems = _layout_of(block.text, tag)
        if layout is None:
            errors += problems
            continue
        errors += function_rejections(layout.functions, primitives, tag, seen)
        errors += dropped_binding_rejections(layout, tag)
        errors += policy_rejections(blank_strays(block.text, layout.strays), policy, tag)
        for stray in layout.strays:
            violations = policy.check_source(stray.code)
            where = f"block {block.index}, line {stray.line}" if numbered else f"line {stray.line}"
            if violations:
                warnings.append(f"{where}: usage statement dropped, the sandbox would refuse it: "
                                f"{violations[0].message}")
            else:
                strays.append(StrayStatement(stray.code, stray.line, stray.end_line, stray.binds, tag))
        actions += [Action(fn.source) for fn in layout.functions]
        imports += [imp.code for imp in layout.imports]
    if not errors and not actions:
        errors.append(Rejection(0, 0, "the reply's code defines no functions"))
    if errors:
        errors.sort(key=lambda r: (r.block or 0, r.line, r.col))
        return ParsedReply(None, tuple(strays), tuple(errors), tuple(warnings), tuple(blocks))
    library = ActionLibrary(tuple(actions), tuple(imports), primitive_names=primitives)
    # Safety net: the assembled module is what the sandbox compiles, so check it as a whole too.
    final = [Rejection(r.line, r.col, f"in the assembled library: {r.message}") for r in
             validate_library(library, policy)]
    if final:
        return ParsedReply(None, tuple(strays), tuple(final), tuple(warnings), tuple(blocks))
    return ParsedReply(library, tuple(strays), (), tuple(warnings), tuple(blocks))


def library_from_module(source: str, primitive_names: Iterable[str] = (), policy=None,
                        validate: bool = True) -> ActionLibrary:
    """A library from module text. validate=False keeps a syntactically valid file as it is
    (stray statements dropped) so that audits can read libraries the policy would refuse."""
    primitives = frozenset(primitive_names)
    problems = syntax_rejections(source)
    layout, more = (None, []) if problems else _layout_of(source, None)
    problems += more
    if problems:
        raise LibraryError(problems)
    if validate:
        problems = [Rejection(s.line, 1, "only functions and imports may appear at the top level of a library")
                    for s in layout.strays]
        problems += function_rejections(layout.functions, primitives)
        problems += policy_rejections(source, policy)
        if problems:
            raise LibraryError(sorted(problems, key=lambda r: (r.line, r.col)))
    else:
        # Duplicates cannot be represented (names are keys); keep the last definition, as Python does.
        last = {fn.name: fn for fn in layout.functions}
        layout_functions = [fn for fn in layout.functions if last[fn.name] is fn]
        return ActionLibrary(tuple(Action(fn.source) for fn in layout_functions),
                             tuple(i.code for i in layout.imports), primitive_names=primitives)
    return ActionLibrary(tuple(Action(fn.source) for fn in layout.functions),
                         tuple(i.code for i in layout.imports), primitive_names=primitives)
