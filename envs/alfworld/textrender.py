"""TextWorld's context-sensitive grammar derivation, with its parses memoised.

`textworld.envs.pddl.textgen.ContextSensitiveGrammar.derive` re-parses every template string and
every conjunctive query with TatSu on every call and deep-copies each context (entity infos
included). That is most of the 40-200 ms a TextWorld PDDL step costs: each step renders every
applicable action's command. Parsing is a pure function of the string, so it is memoised here, and
contexts are copied shallowly (derivation never mutates a context in place, it only extends fresh
copies). The derivation algorithm and its output are TextWorld's, unchanged: the tests compare
this renderer with TextWorld's own `PddlEnv` text for real games.
"""

from __future__ import annotations

import copy
from functools import lru_cache

from textworld.envs.pddl import textgen
from textworld.logic import Rule


@lru_cache(maxsize=4096)
def _parsed_symbols(text: str) -> tuple:
    return tuple(textgen._parse_and_convert(text, rule_name="symbols"))


@lru_cache(maxsize=4096)
def _parsed_query(expression: str) -> Rule:
    return Rule.parse_conjunctive_query(expression)


def _copy_context(context: dict) -> dict:
    return {
        "state": context["state"],
        "facts": context["facts"],
        "variables": dict(context["variables"]),
        "mapping": dict(context["mapping"]),
        "entity_infos": context["entity_infos"],
    }


def _bind(symbol: textgen.Symbol, context: dict) -> textgen.Symbol:
    """A copy of a (shared, cached) symbol carrying `context`; the cached symbol stays untouched."""
    bound = copy.copy(symbol)
    bound.context = context
    return bound


class GrammarRenderer:
    """Derives grammar symbols (`#intro#`, feedback rules, command templates) against a PDDL state."""

    def __init__(self, grammar: textgen.ContextSensitiveGrammar) -> None:
        self._rules = grammar._rules

    def derive(self, start: str, context: dict) -> str:
        stack = [_bind(symbol, _copy_context(context)) for symbol in reversed(_parsed_symbols(start))]
        derived: list[str] = []
        while stack:
            symbol = stack.pop()
            if isinstance(symbol, textgen.TerminalSymbol):
                derived.append(str(symbol))
            elif isinstance(symbol, textgen.NonterminalSymbol):
                stack.extend(reversed(self._replace(symbol)))
            elif isinstance(symbol, textgen.ConditionalSymbol):
                stack.extend(reversed(self._conditional(symbol)))
            elif isinstance(symbol, textgen.EvalSymbol):
                stack.extend(reversed(symbol.derive()))
            elif isinstance(symbol, textgen.ListSymbol):
                stack.extend(reversed(self._list(symbol)))
            else:
                raise TypeError(f"unknown TextWorld grammar symbol: {type(symbol).__name__}")
        return "".join(derived)

    def _replace(self, start: textgen.Symbol) -> list:
        rules = self._rules.get(str(start))
        if not rules:
            raise textgen.CSGUnknownSymbolError(start)
        state, mapping = start.context["state"], start.context["mapping"]
        for rule in rules:
            if not rule.condition or any(True for _ in state.all_assignments(_parsed_query(rule.condition), mapping)):
                return [_bind(symbol, _copy_context(start.context)) for symbol in rule.rhs]
        raise IndexError(f"no applicable production for #{start}#")

    def _query(self, expression: str, context: dict) -> list[dict]:
        contexts = []
        for mapping in context["state"].all_assignments(_parsed_query(expression), context["mapping"]):
            new_context = _copy_context(context)
            infos = new_context["entity_infos"]
            new_context["variables"].update({ph.name: infos[var.name] for ph, var in mapping.items()})
            new_context["mapping"].update(mapping)
            contexts.append(new_context)
        return contexts

    def _conditional(self, symbol: textgen.ConditionalSymbol) -> list:
        context = _copy_context(symbol.context)
        contexts = self._query(symbol.given, context) if symbol.given else [context]
        return [_bind(symbol.expression, ctx) for ctx in contexts]

    def _list(self, symbol: textgen.ListSymbol) -> list:
        inner = _bind(symbol.symbol, symbol.context)
        if isinstance(inner, textgen.ConditionalSymbol):
            items = self._conditional(inner)
        elif isinstance(inner, textgen.ListSymbol):
            items = self._list(inner)
        else:
            items = inner.derive()
        return textgen.display_list(items, symbol.context)
