"""Runtime guards: the functions RestrictedPython's rewritten code calls, and the safe builtins.

`policy.py` decides what source is accepted; this module decides what accepted code may touch at
run time. Every read path (`_getattr_`, `_getitem_`, `_getiter_`, unpacking), every write path
(`_write_`, `_inplacevar_`) and the C-level higher-order builtins (`map`, `filter`, `sorted`, `min`,
`max`, `iter`) are guarded, and names are compared by exact type (`type(name) is str`) so a `str`
subclass with a lying `startswith` cannot pass. This is a policy layer, not the isolation boundary:
the worker process (or container) around it is.
"""

from __future__ import annotations

import builtins
import io
import operator
import random
import re
import types
from typing import Any, Callable

from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence
from RestrictedPython.transformer import INSPECT_ATTRIBUTES

from learnact_engine.sandbox.policy import ALLOWED_IMPORTS, CALL_FILENAME, LIBRARY_FILENAME
from learnact_engine.sandbox.safe_modules import SafeModule, make_modules

SANDBOX_FILENAMES = frozenset({LIBRARY_FILENAME, CALL_FILENAME})

# Attributes refused on every object, on top of '_'-prefixed names and RestrictedPython's
# INSPECT_ATTRIBUTES (frames, code, tracebacks): format strings can walk attributes
# ('{0.__class__}'.format(x)), and `mro` reaches `object`.
_DENIED_ATTRIBUTES = frozenset({"format", "format_map", "mro"}) | frozenset(INSPECT_ATTRIBUTES)

_PLAIN_TYPES = (str, bytes, int, float, complex, bool, list, tuple, dict, set, frozenset, range,
                re.Pattern, re.Match, BaseException)

_SAFE_BUILTIN_NAMES = (
    "abs", "all", "any", "ascii", "bin", "bool", "callable", "chr", "dict", "divmod", "enumerate",
    "float", "frozenset", "hash", "hex", "int", "isinstance", "len", "list", "oct", "ord", "pow",
    "range", "repr", "reversed", "round", "set", "slice", "str", "sum", "tuple", "zip",
    "True", "False", "None", "Ellipsis", "NotImplemented",
)
# Exception classes only: no BaseException, SystemExit, KeyboardInterrupt or GeneratorExit, which
# would escape `except Exception` handlers in the engine.
_SAFE_EXCEPTIONS = (
    "Exception", "ArithmeticError", "AssertionError", "AttributeError", "IndexError", "KeyError",
    "LookupError", "NameError", "OverflowError", "RecursionError", "RuntimeError", "StopIteration",
    "TypeError", "UnboundLocalError", "ValueError", "ZeroDivisionError", "MemoryError",
    "NotImplementedError", "UnicodeError",
)


class SandboxPolicyError(Exception):
    """Raised when sandboxed code reaches for something the runtime policy refuses."""


def _check_name(name: Any) -> str:
    if type(name) is not str:  # exact: a str subclass could lie in startswith/__eq__
        raise SandboxPolicyError("attribute names must be plain strings")
    if name.startswith("_") or name in _DENIED_ATTRIBUTES:
        raise SandboxPolicyError(f"access to attribute {name!r} is not allowed")
    return name


def guarded_getattr(obj: Any, name: Any, *default: Any) -> Any:
    name = _check_name(name)
    if isinstance(obj, types.ModuleType):
        raise SandboxPolicyError("modules are not reachable from the sandbox")
    if isinstance(obj, (types.FunctionType, types.CodeType, types.FrameType, types.TracebackType)):
        raise SandboxPolicyError(f"attributes of {type(obj).__name__} objects are not accessible")
    return getattr(obj, name, *default)  # SafeModule proxies answer only their listed names


def guarded_hasattr(obj: Any, name: Any) -> bool:
    try:
        guarded_getattr(obj, name)
    except (SandboxPolicyError, AttributeError):
        return False
    return True


def guarded_getitem(obj: Any, key: Any) -> Any:
    if isinstance(obj, (types.ModuleType, SafeModule, type)):
        raise SandboxPolicyError(f"item access on {type(obj).__name__} is not allowed")
    return obj[key]


def guarded_write(obj: Any) -> Any:
    """Target of `obj.attr = v`, `obj[k] = v`, `del obj[k]`: plain containers only."""
    if type(obj) in (dict, list):
        return obj
    raise SandboxPolicyError(f"modifying a {type(obj).__name__} object is not allowed (only dicts and lists)")


def guarded_iter(obj: Any, *sentinel: Any) -> Any:
    if sentinel:
        raise SandboxPolicyError("iter(callable, sentinel) is not allowed")
    if isinstance(obj, (types.ModuleType, SafeModule)):
        raise SandboxPolicyError("modules are not iterable in the sandbox")
    return iter(obj)


_INPLACE = {
    "+=": operator.iadd, "-=": operator.isub, "*=": operator.imul, "/=": operator.itruediv,
    "//=": operator.ifloordiv, "%=": operator.imod, "**=": operator.ipow, "<<=": operator.ilshift,
    ">>=": operator.irshift, "|=": operator.ior, "^=": operator.ixor, "&=": operator.iand,
    "@=": operator.imatmul,
}


def guarded_inplacevar(op: str, target: Any, value: Any) -> Any:
    if op not in _INPLACE:
        raise SandboxPolicyError(f"augmented assignment {op} is not allowed")
    return _INPLACE[op](target, value)


def guarded_apply(func: Callable, *args: Any, **kwargs: Any) -> Any:
    return func(*args, **kwargs)


class SafeCallables:
    """Which callables C-level higher-order builtins may call back (they bypass the guards)."""

    def __init__(self, trusted: list[Any]):
        self._trusted_ids = frozenset(id(obj) for obj in trusted)
        self._keepalive = trusted  # ids stay valid only while the objects live

    def check(self, func: Any) -> Any:
        if self.is_safe(func):
            return func
        raise SandboxPolicyError(
            f"{type(func).__name__} objects cannot be passed as callbacks; "
            "use a function defined in the library or a safe builtin"
        )

    def is_safe(self, func: Any) -> bool:
        if func is None:
            return True
        if id(func) in self._trusted_ids:
            return True
        if type(func) is types.FunctionType:
            return func.__code__.co_filename in SANDBOX_FILENAMES
        if type(func) in (types.BuiltinMethodType, types.MethodType):
            owner = getattr(func, "__self__", None)
            return isinstance(owner, _PLAIN_TYPES) or type(owner) is random.Random
        if type(func) is types.MethodDescriptorType:
            return issubclass(func.__objclass__, _PLAIN_TYPES) and func.__name__ not in _DENIED_ATTRIBUTES
        return False


def make_higher_order(safe: SafeCallables) -> dict[str, Callable]:
    def guarded_map(func, *iterables):
        return map(safe.check(func), *(guarded_iter(it) for it in iterables))

    def guarded_filter(func, iterable):
        return filter(safe.check(func), guarded_iter(iterable))

    def guarded_sorted(iterable, *, key=None, reverse=False):
        return sorted(guarded_iter(iterable), key=safe.check(key), reverse=reverse)

    def guarded_min(*args, key=None, **kwargs):
        return min(*args, key=safe.check(key), **kwargs)

    def guarded_max(*args, key=None, **kwargs):
        return max(*args, key=safe.check(key), **kwargs)

    def guarded_next(iterator, *default):
        return next(iterator, *default)

    return {
        "map": guarded_map, "filter": guarded_filter, "sorted": guarded_sorted,
        "min": guarded_min, "max": guarded_max, "iter": guarded_iter, "next": guarded_next,
        "getattr": guarded_getattr, "hasattr": guarded_hasattr,
    }


class StreamingPrint:
    """`print` inside the sandbox: text goes out to the host as it is written (the host counts
    it and kills the worker past the output limit), and a capped copy backs `printed`."""

    def __init__(self, emit: Callable[[str], None], chunk_cap: int):
        self._emit = emit
        self._chunk_cap = chunk_cap
        self._kept: list[str] = []
        self._kept_size = 0

    def factory(self, _getattr_: Any = None) -> "StreamingPrint":  # RestrictedPython's `_print_(_getattr_)`
        return self

    def __call__(self) -> str:  # RestrictedPython's `printed`
        return self.printed()

    def _call_print(self, *objects: Any, sep: str | None = " ", end: str | None = "\n", flush: bool = False, **kwargs: Any) -> None:
        if kwargs:
            raise SandboxPolicyError("print() accepts only sep and end in the sandbox")
        if (sep is not None and type(sep) is not str) or (end is not None and type(end) is not str):
            raise TypeError("sep and end must be strings")
        buffer = io.StringIO()
        print(*objects, sep=sep, end=end, file=buffer)
        text = buffer.getvalue()[: self._chunk_cap + 1]
        if self._kept_size <= self._chunk_cap:
            self._kept.append(text)
            self._kept_size += len(text)
        self._emit(text)

    def printed(self) -> str:
        return "".join(self._kept)


def _guarded_import(modules: dict[str, SafeModule]) -> Callable:
    def sandbox_import(name, globals=None, locals=None, fromlist=(), level=0):
        if type(name) is not str or level != 0 or name not in ALLOWED_IMPORTS:
            raise ImportError(f"import of {name!r} is not allowed")
        return modules[name]

    return sandbox_import


def base_trusted_callables() -> list[Any]:
    trusted = [getattr(builtins, name) for name in _SAFE_BUILTIN_NAMES if callable(getattr(builtins, name))]
    trusted += [getattr(builtins, name) for name in _SAFE_EXCEPTIONS]
    for module in make_modules(0).values():
        trusted += [v for v in object.__getattribute__(module, "_members").values() if callable(v)]
    return trusted


def make_globals(
    primitives: dict[str, Callable],
    seed: int,
    emit_stdout: Callable[[str], None],
    output_cap: int,
    safe: SafeCallables,
) -> tuple[dict[str, Any], StreamingPrint]:
    """A fresh global namespace for one call: nothing is shared between calls."""
    modules = make_modules(seed)
    safe_builtins: dict[str, Any] = {name: getattr(builtins, name) for name in _SAFE_BUILTIN_NAMES}
    safe_builtins.update({name: getattr(builtins, name) for name in _SAFE_EXCEPTIONS})
    safe_builtins.update(make_higher_order(safe))
    safe_builtins["__import__"] = _guarded_import(modules)
    printer = StreamingPrint(emit_stdout, output_cap)
    namespace: dict[str, Any] = {
        "__builtins__": safe_builtins,
        "__name__": "actions",
        "_getattr_": guarded_getattr,
        "_getitem_": guarded_getitem,
        "_getiter_": guarded_iter,
        "_iter_unpack_sequence_": guarded_iter_unpack_sequence,
        "_unpack_sequence_": guarded_unpack_sequence,
        "_write_": guarded_write,
        "_inplacevar_": guarded_inplacevar,
        "_apply_": guarded_apply,
        "_print_": printer.factory,
    }
    namespace.update(primitives)
    return namespace, printer
