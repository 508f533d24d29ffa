"""GBNF grammars for the shapes callers know in advance: one action line, or one Python block.

A 135M model's free-form output is rarely parseable; constrained to a grammar it always is.
`complete(..., grammar=...)` takes the GBNF text these helpers build. The `local` backend enforces
it; the `openai` backend forwards it to servers that accept one (llama.cpp server: grammar_field
"grammar") and otherwise leaves it to the caller's parser.
"""

from __future__ import annotations

import keyword
from typing import Iterable

_SIMPLE_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}

# Python literals the executor accepts as arguments: strings, numbers, booleans, None, flat lists.
_LITERAL_RULES = r"""
literal ::= string | number | "True" | "False" | "None" | list
list ::= "[" ws (scalar (ws "," ws scalar)*)? ws "]"
scalar ::= string | number | "True" | "False" | "None"
string ::= "\"" dqchar* "\"" | "'" sqchar* "'"
dqchar ::= [^"\\\n] | "\\" ["'\\nt]
sqchar ::= [^'\\\n] | "\\" ["'\\nt]
number ::= "-"? [0-9]+ ("." [0-9]+)?
"""

_CALL_RULES = r"""
call ::= callee "(" ws args? ws ")"
args ::= arg (ws "," ws arg)*
arg ::= (ident ws "=" ws)? literal
ident ::= [a-zA-Z_] [a-zA-Z0-9_]*
ws ::= " "?
"""


def gbnf_literal(text: str) -> str:
    """`text` as a GBNF string literal (quoted, escaped)."""
    out = []
    for char in text:
        if char in _SIMPLE_ESCAPES:
            out.append(_SIMPLE_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\x{ord(char):02X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _unique_lines(lines: Iterable[str], what: str) -> list[str]:
    seen: dict[str, None] = {}
    for line in lines:
        if not isinstance(line, str) or not line.strip():
            raise ValueError(f"{what} must be non-empty strings, got {line!r}")
        if "\n" in line or "\r" in line:
            raise ValueError(f"{what} must be single lines, got {line!r}")
        seen.setdefault(line, None)
    return list(seen)


def _identifiers(names: Iterable[str]) -> list[str]:
    checked: dict[str, None] = {}
    for name in names:
        if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
            raise ValueError(f"action names must be Python identifiers, got {name!r}")
        checked.setdefault(name, None)
    return list(checked)


def _alternatives(literals: list[str]) -> str:
    # llama.cpp's parser ends a rule at a newline unless the line ends with "|".
    return " |\n    ".join(literals)


def choice_grammar(lines: Iterable[str]) -> str:
    """Exactly one of `lines`, e.g. the admissible commands of an ALFWorld step."""
    unique = _unique_lines(lines, "choices")
    if not unique:
        raise ValueError("choice_grammar needs at least one line")
    return "root ::= " + _alternatives([gbnf_literal(line) for line in unique]) + "\n"


def call_grammar(action_names: Iterable[str], string_values: Iterable[str] | None = None) -> str:
    """One call `name(arg, ...)` of one of `action_names`, with literal arguments only.

    With `string_values`, string arguments are limited to those values (e.g. the objects and
    receptacles seen so far), which keeps a small model from inventing names.
    """
    return _action_grammar([], _identifiers(action_names), string_values)


def action_line_grammar(
    lines: Iterable[str] = (),
    action_names: Iterable[str] = (),
    string_values: Iterable[str] | None = None,
) -> str:
    """One admissible command line or one call of a (learned or primitive) action."""
    return _action_grammar(
        _unique_lines(lines, "admissible lines"), _identifiers(action_names), string_values
    )


def _action_grammar(lines: list[str], names: list[str], string_values: Iterable[str] | None) -> str:
    if not lines and not names:
        raise ValueError("an action grammar needs admissible lines or action names")
    branches = []
    rules = []
    if lines:
        branches.append("line")
        rules.append("line ::= " + _alternatives([gbnf_literal(line) for line in lines]))
    if names:
        branches.append("call")
        rules.append("callee ::= " + _alternatives([gbnf_literal(name) for name in names]))
        rules.append(_CALL_RULES.strip())
        literal_rules = _LITERAL_RULES.strip()
        if string_values is not None:
            values = _unique_lines(string_values, "string values")
            if not values:
                raise ValueError("string_values, when given, must not be empty")
            quoted = [gbnf_literal('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"') for v in values]
            literal_rules = "\n".join(
                rule
                for rule in literal_rules.splitlines()
                if not rule.startswith(("string ::=", "dqchar ::=", "sqchar ::="))
            )
            literal_rules += "\nstring ::= " + _alternatives(quoted)
        rules.append(literal_rules)
    return "root ::= " + " | ".join(branches) + "\n" + "\n".join(rules) + "\n"


def python_block_grammar() -> str:
    """One fenced Python code block and nothing else: ```python ... ```."""
    # GBNF has no lookahead: the body is any text without three backticks in a row.
    return (
        'root ::= "```python\\n" body "```"\n'
        'body ::= ([^`] | "`" [^`] | "``" [^`])*\n'
    )

