"""Module proxies for the import allowlist.

Sandboxed code never gets a real module object (real modules reach `os`, `sys` and the builtins
through private attributes such as `random._os`). `import random` yields a `SafeModule` that carries
only the listed public names. `random` is a fresh `random.Random` seeded per call, never shared.
"""

from __future__ import annotations

import itertools
import json
import math
import random as _random
import re
import string
from types import MappingProxyType

_RE_NAMES = (
    "compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split",
    "escape", "IGNORECASE", "I", "MULTILINE", "M", "DOTALL", "S", "ASCII", "A", "VERBOSE", "X", "error",
)
_STRING_NAMES = (
    "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits",
    "punctuation", "whitespace", "printable", "capwords",
)  # no string.Formatter / string.Template: format-string escapes
_ITERTOOLS_NAMES = (
    "count", "cycle", "repeat", "accumulate", "chain", "compress", "dropwhile", "filterfalse",
    "groupby", "islice", "pairwise", "starmap", "takewhile", "tee", "zip_longest", "product",
    "permutations", "combinations", "combinations_with_replacement", "batched",
)
_JSON_NAMES = ("loads", "dumps", "JSONDecodeError")
_RANDOM_METHODS = (
    "random", "randint", "randrange", "choice", "choices", "shuffle", "sample", "uniform", "gauss",
)


class SafeModule:
    """A read-only namespace standing in for an allowlisted module."""

    __slots__ = ("_name", "_members")

    def __init__(self, name: str, members: dict):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_members", MappingProxyType(dict(members)))

    def __getattr__(self, attr: str):
        members = object.__getattribute__(self, "_members")
        if attr in members:
            return members[attr]
        raise AttributeError(f"module {object.__getattribute__(self, '_name')!r} has no attribute {attr!r}")

    def __setattr__(self, attr, value):
        raise AttributeError("sandbox modules are read-only")

    def __delattr__(self, attr):
        raise AttributeError("sandbox modules are read-only")

    def __repr__(self) -> str:
        return f"<sandbox module {object.__getattribute__(self, '_name')!r}>"


def _public(module, names) -> dict:
    return {name: getattr(module, name) for name in names if hasattr(module, name)}


_MATH = {name: getattr(math, name) for name in dir(math) if not name.startswith("_")}


def make_modules(seed: int) -> dict[str, SafeModule]:
    """Fresh module proxies for one call."""
    rng = _random.Random(seed)
    return {
        "math": SafeModule("math", _MATH),
        "re": SafeModule("re", _public(re, _RE_NAMES)),
        "string": SafeModule("string", _public(string, _STRING_NAMES)),
        "itertools": SafeModule("itertools", _public(itertools, _ITERTOOLS_NAMES)),
        "json": SafeModule("json", _public(json, _JSON_NAMES)),
        "random": SafeModule("random", {name: getattr(rng, name) for name in _RANDOM_METHODS}),
    }


def exposed_callables() -> list:
    """Callables reachable through the module proxies (for the higher-order builtin checks)."""
    modules = make_modules(0)
    found = []
    for module in modules.values():
        for value in object.__getattribute__(module, "_members").values():
            if callable(value):
                found.append(value)
    return found
