"""AgentBoard's command parser (pddl_env.py `text_to_action`).

Lower-case the text, tokenise it, take the *first* token that names an operator with at least
one currently applicable grounding, then every token that names an object, in order, truncated
to the operator's arity. No operator, or too few objects, means the command is not an action.

The reference tokenises with `nltk.word_tokenize`, which needs downloaded sentence models; the
tokeniser below reproduces what matters for this parser: words keep inner hyphens and dots
(`jack-up`, `the-hub1`, `fill-shot`), while punctuation, brackets, quotes and a word's trailing
full stop become separate tokens (so `shot1.` and `'shot1',` both yield `shot1`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

_TOKEN = re.compile(r"[^\s.,;:!?()\[\]{}\"'`]+(?:\.[^\s.,;:!?()\[\]{}\"'`]+)*|[^\s]")


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


@dataclass(frozen=True)
class ParsedCommand:
    operator: str
    args: tuple[str, ...]


def parse_command(
    text: str,
    live_operators: Collection[str],
    arities: Mapping[str, int],
    objects: Collection[str],
) -> ParsedCommand | None:
    """The operator call a command names, or None when it names no usable operator."""
    tokens = tokenize(text.lower())
    operator = next((t for t in tokens if t in live_operators), None)
    if operator is None:
        return None
    arity = arities[operator]
    found = [t for t in tokens if t in objects]
    if len(found) < arity:
        return None
    return ParsedCommand(operator, tuple(found[:arity]))
