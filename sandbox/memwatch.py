"""Allocation failures in the worker, whether or not the sandboxed code caught them.

A `MemoryError` under the worker's address-space limit can be caught by the library (`except
MemoryError: pass`), after which the call would return `ok` and the worker would be reused. The
watch tells an allocation failure apart from the code's own `raise MemoryError(...)` by where the
error started: at a `raise` instruction in sandboxed code, it is the code's own (an ordinary
error); anywhere else (an operation, a call into C or into trusted code), the interpreter ran out
of memory. The worker reports the flag in its result frame; the host then reports `memory` and
retires the worker.

- A MemoryError that reaches the worker's handler is classified from its traceback: no cost.
- Only a library with a handler that could catch a MemoryError (bare `except`, `except
  Exception`, `except MemoryError`, or a clause it cannot resolve) has its calls traced, for the
  exception events of sandboxed frames only. Tracing slows CPU-bound code of such libraries (on
  Python 3.11 any trace function takes the interpreter off its fast path); calls of every other
  library run untraced.

Standard library only (the worker's image has nothing else).
"""

from __future__ import annotations

import ast
import builtins
import dis
import sys
from collections.abc import Collection
from typing import Any

_RAISE = dis.opmap["RAISE_VARARGS"]
_KEEP_RAISED = 16


def may_catch_memory_error(source: str) -> bool:
    """Whether any `except` clause in `source` could catch a MemoryError."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return True
    for node in ast.walk(tree):
        if isinstance(node, ast.ExceptHandler) and _could_match(node.type):
            return True
    return False


def _could_match(kind: ast.expr | None) -> bool:
    if kind is None:
        return True
    if isinstance(kind, ast.Tuple):
        return any(_could_match(item) for item in kind.elts)
    if isinstance(kind, ast.Name):
        known = getattr(builtins, kind.id, None)
        return not (isinstance(known, type) and issubclass(known, BaseException)
                    and not issubclass(MemoryError, known))
    return True  # an attribute, a call, a subscript: cannot tell


def _started_at_raise(frame: Any, lasti: int) -> bool:
    code = frame.f_code.co_code
    return 0 <= lasti < len(code) and code[lasti] == _RAISE


class MemoryWatch:
    def __init__(self, sandbox_files: Collection[str]):
        self._files = frozenset(sandbox_files)
        self.allocation_failed = False
        self._raised: list[BaseException] = []  # MemoryErrors raised by the code's own `raise`
        self.tracing = False

    def reset(self, tracing: bool) -> None:
        self.allocation_failed = False
        self._raised.clear()
        self.tracing = tracing

    def __enter__(self) -> MemoryWatch:
        if self.tracing:
            sys.settrace(self._global)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.tracing:
            sys.settrace(None)

    def note_escaped(self, exc: BaseException) -> None:
        """A MemoryError reached the worker's own handler: an allocation failure unless the code
        raised it itself (seen while tracing, or found at a `raise` at the end of its traceback)."""
        if any(exc is raised for raised in self._raised):
            return
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None and tb.tb_frame.f_code.co_filename in self._files and _started_at_raise(tb.tb_frame, tb.tb_lasti):
            return
        self.allocation_failed = True

    # -- tracing (libraries that may catch a MemoryError) ----------------------------------
    def _global(self, frame: Any, event: str, arg: Any) -> Any:
        if frame.f_code.co_filename in self._files:
            frame.f_trace_lines = False
            return self._local
        return None

    def _local(self, frame: Any, event: str, arg: Any) -> Any:
        if event == "exception" and issubclass(arg[0], MemoryError):
            self._classify(frame, arg[1], arg[2])
        return self._local

    def _classify(self, frame: Any, exc: BaseException, tb: Any) -> None:
        inner = tb.tb_next if tb is not None else None
        while inner is not None:
            if inner.tb_frame.f_code.co_filename in self._files:
                return  # passing through: classified where it started
            inner = inner.tb_next
        if (tb is None or tb.tb_next is None) and _started_at_raise(frame, frame.f_lasti):
            if len(self._raised) >= _KEEP_RAISED:
                self._raised.pop(0)
            self._raised.append(exc)
        else:
            self.allocation_failed = True
