"""AgentBoard's command parser (pddl_env.py `text_to_action`).

Lower-case the text, tokenise it, take the *first* token that names an operator with at least
one currently applicable grounding, then every token that names an object, in order, truncated
to the operator's arity. No operator, or too few objects, means the command is not an action.

"Currently applicable" is pddlgym's action space, which never holds a grounding that repeats an
object (`move rooma rooma`, barman's `empty-shaker ... l0 l0`): the caller passes only the
operators live through such distinct groundings
(`GroundModel.operators_with_applicable_grounding`).

Tokens are `nltk.word_tokenize`'s, reproduced rule for rule in `word_tokenizer` (no NLTK, no
model download): markdown bold, `<action>` tags, curly quotes, `#@$%&` and `--` split off a
word, so `**stack b1 on b2**` parses; a straight apostrophe before a word stays on it and a
period before a word is not split, so `unstack('b2', 'b3')` and `pickup .b2` name no object.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from learnact_engine.envs.robotic_planning.word_tokenizer import word_tokenize


def tokenize(text: str) -> list[str]:
    """The reference's tokens for a command (`nltk.word_tokenize`)."""
    return word_tokenize(text)


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
