"""GBNF grammar builders: escaping and input checks (llama.cpp's own parser: test_llm_local.py)."""

from __future__ import annotations

import pytest

from learnact_engine.llm.grammar import (
    action_line_grammar,
    call_grammar,
    choice_grammar,
    gbnf_literal,
    python_block_grammar,
)


def test_literals_escape_quotes_backslashes_and_controls():
    assert gbnf_literal('put "mug" in\\') == '"put \\"mug\\" in\\\\"'
    assert gbnf_literal("a\tb\x01") == '"a\\tb\\x01"'
    assert gbnf_literal("café 1") == '"café 1"'


def test_choice_grammar_lists_each_line_once():
    grammar = choice_grammar(["go to desk 1", "open drawer 2", "go to desk 1"])
    assert grammar == 'root ::= "go to desk 1" |\n    "open drawer 2"\n'


def test_call_grammar_limits_names_and_optionally_strings():
    grammar = call_grammar(["clean_and_place", "go_to"], string_values=["mug 1", 'odd"name'])
    assert 'callee ::= "clean_and_place" |\n    "go_to"' in grammar
    assert 'string ::= "\\"mug 1\\""' in grammar
    assert '"\\"odd\\\\\\"name\\""' in grammar  # the Python literal "odd\"name", as GBNF
    assert "dqchar" not in grammar


@pytest.mark.parametrize("build, words", [
    (lambda: choice_grammar([]), "at least one"),
    (lambda: choice_grammar(["two\nlines"]), "single lines"),
    (lambda: choice_grammar([""]), "non-empty"),
    (lambda: call_grammar(["not-an-identifier"]), "identifiers"),
    (lambda: call_grammar(["class"]), "identifiers"),
    (lambda: action_line_grammar(), "admissible lines or action names"),
    (lambda: call_grammar(["f"], string_values=[]), "must not be empty"),
])
def test_bad_input_is_rejected(build, words):
    with pytest.raises(ValueError, match=words):
        build()



def test_python_block_grammar_forbids_a_second_fence():
    grammar = python_block_grammar()
    assert grammar.startswith('root ::= "```python\\n" body "```"')
    assert 'body ::= ([^`] | "`" [^`] | "``" [^`])*' in grammar
