"""Plain data: the only thing allowed across the sandbox boundary.

`to_plain` turns a value into JSON-able data with exact type checks (a subclass of str or dict is
not plain), bounded depth and size. Both sides use it: the worker on return values and primitive
arguments, the host on everything it receives before it is used.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 20
MAX_INT_BITS = 63


class NotPlainData(TypeError):
    pass


def to_plain(value: Any, max_bytes: int, _depth: int = 0) -> Any:
    plain = _convert(value, _depth)
    size = len(json.dumps(plain, ensure_ascii=False, allow_nan=False))
    if size > max_bytes:
        raise NotPlainData(f"value is {size} bytes of JSON, over the limit of {max_bytes}")
    return plain


def _convert(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise NotPlainData(f"value is nested deeper than {MAX_DEPTH} levels")
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        if value.bit_length() > MAX_INT_BITS:
            raise NotPlainData("integer is too large to cross the sandbox boundary")
        return value
    if kind is float:
        if not math.isfinite(value):
            raise NotPlainData("non-finite floats cannot cross the sandbox boundary")
        return value
    if kind is list or kind is tuple:
        return [_convert(item, depth + 1) for item in value]
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str:
                raise NotPlainData("dict keys must be strings")
            out[key] = _convert(item, depth + 1)
        return out
    raise NotPlainData(f"a value of type {kind.__name__} is not plain data")


def is_scalar(value: Any) -> bool:
    """What a primitive may return to the sandbox: a string, a number, a boolean or None."""
    return value is None or type(value) in (str, int, float, bool)
