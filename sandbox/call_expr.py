"""Parse an action line such as `f("a", 1)`: exactly one call of a plain name, literal arguments.

Anything else (attribute calls, nested calls, names as arguments, several statements) is refused
with a message saying what was expected, so an agent or a user can correct it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

MAX_CALL_CHARS = 20_000


class CallSyntaxError(ValueError):
    pass


@dataclass(frozen=True)
class ParsedCall:
    name: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = [repr(a) for a in self.args] + [f"{k}={v!r}" for k, v in self.kwargs.items()]
        return f"{self.name}({', '.join(parts)})"


def _literal(node: ast.AST) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        raise CallSyntaxError(
            f"argument {ast.unparse(node)[:80]!r} is not a literal (use strings, numbers, booleans, None, lists or dicts)"
        ) from None


def parse_call(text: str) -> ParsedCall:
    if not isinstance(text, str) or not text.strip():
        raise CallSyntaxError("expected a call such as f(\"a\", 1), got nothing")
    if len(text) > MAX_CALL_CHARS:
        raise CallSyntaxError(f"call expression longer than {MAX_CALL_CHARS} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise CallSyntaxError(f"not a single expression: {exc.msg} (col {exc.offset})") from None
    except (RecursionError, MemoryError, ValueError):
        raise CallSyntaxError("call expression could not be parsed") from None
    call = tree.body
    if not isinstance(call, ast.Call):
        raise CallSyntaxError(f"expected a function call such as f(\"a\", 1), got {type(call).__name__.lower()}")
    if not isinstance(call.func, ast.Name):
        raise CallSyntaxError("only a plain function name may be called (no attributes, subscripts or nested calls)")
    if call.func.id.startswith("_"):
        raise CallSyntaxError(f"names starting with '_' cannot be called: {call.func.id!r}")
    args = []
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            raise CallSyntaxError("*args are not allowed in a call expression")
        args.append(_literal(arg))
    kwargs = {}
    for keyword in call.keywords:
        if keyword.arg is None:
            raise CallSyntaxError("**kwargs are not allowed in a call expression")
        kwargs[keyword.arg] = _literal(keyword.value)
    return ParsedCall(call.func.id, tuple(args), kwargs)
