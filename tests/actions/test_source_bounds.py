"""LLM-written source that CPython accepts but a recursive parser cannot: refused with a line
number before libcst sees it, never a RecursionError on the host."""

from __future__ import annotations

import pytest
from learnact_engine.actions.bounds import MAX_SOURCE_CHARS, source_rejection
from learnact_engine.actions.diff import diff_libraries
from learnact_engine.actions.errors import LibraryError
from learnact_engine.actions.library import ActionLibrary
from learnact_engine.actions.parse import library_from_module, parse_reply
from learnact_engine.cli import main


def _function(expression: str) -> str:
    return f"def act(a):\n    x = 1\n    return {expression}\n"


DEEP = {
    "operator chain": " + ".join(["a"] * 1000),
    "attribute chain": "a" + ".b" * 1000,
    "call chain": "a" + "()" * 1000,
    "subscript chain": "a" + "[0]" * 400,
    "nested lists": "[" * 150 + "]" * 150,
    "nested lambdas": "lambda: " * 500 + "1",
    "conditional chain": " if a else ".join(["a"] * 400),
    "chains inside brackets": "".join("(a + a + a + " for _ in range(45)) + "a" + ")" * 45,
}


@pytest.mark.parametrize("name", DEEP)
def test_deep_source_is_a_clean_rejection_with_a_line(name):
    code = _function(DEEP[name])
    reply = parse_reply(f"```python\n{code}```")
    assert not reply.ok
    assert reply.errors[0].line == 3, reply.errors
    assert "nested too deeply" in reply.errors[0].message
    with pytest.raises(LibraryError):
        library_from_module(code, validate=False)


READABLE = {
    "long flat list": "[" + ", ".join(["-1"] * 5000) + "]",
    "many keywords": "dict(" + ", ".join(f"k{i}=a.b.c + 1" for i in range(500)) + ")",
    "moderate chain": " + ".join(["a"] * 150),
    "moderate nesting": "(" * 30 + "a + a" + ")" * 30,
}


@pytest.mark.parametrize("name", READABLE)
def test_large_but_shallow_source_is_accepted_and_diffs(name):
    code = _function(READABLE[name])
    assert source_rejection(code) is None
    reply = parse_reply(f"```python\n{code}```")
    assert reply.ok, reply.errors
    diff_libraries(ActionLibrary(), reply.library).to_json()


def test_oversize_source_is_refused_before_parsing():
    code = "def act():\n    return 1\n" + "# filler\n" * (MAX_SOURCE_CHARS // 9 + 10)
    rejection = source_rejection(code)
    assert rejection is not None and "limit" in rejection.message


def test_diff_on_a_huge_file_fails_fast_with_a_clear_message(tmp_path, capsys):
    big = tmp_path / "big.py"
    big.write_text("x = 1\n" * 400_000)
    code = main(["diff", str(big), str(big)])
    assert code == 2
    err = capsys.readouterr().err
    assert "big.py" in err and "at most" in err and "Traceback" not in err


def test_diff_on_a_deeply_nested_file_is_a_clean_error(tmp_path, capsys):
    deep = tmp_path / "deep.py"
    deep.write_text(_function(DEEP["operator chain"]))
    code = main(["diff", str(deep), str(deep)])
    assert code == 1
    err = capsys.readouterr().err
    assert "line 3" in err and "nested too deeply" in err


def test_reply_with_lone_surrogates_and_tag_characters_parses():
    reply = parse_reply("```python\ndef act(a):\n    return 'x\ud800\U000e0041'\n```\n")
    assert reply.ok, reply.errors
    source = reply.library.source()
    source.encode("utf-8")
    assert "\U000e0041" not in source
