"""The static policy: what source is accepted, and that every refusal names line, column and reason."""

import ast

import pytest

from learnact_engine.sandbox.policy import ALLOWED_IMPORTS, check_source, compile_library


def test_accepts_ordinary_action_code():
    source = (
        "import re\n"
        "def find_at(obj, recep):\n"
        "    observation = goto(recep)\n"
        "    if 'closed' in observation:\n"
        "        observation = open(recep)\n"
        "    match = re.search(r'\\b' + obj + r'\\s*(\\d+)', observation)\n"
        "    return observation if match is None else take(obj + ' ' + match.group(1), recep)\n"
    )
    compiled, violations = compile_library(source)
    assert violations == []
    assert compiled.functions == ("find_at",)


@pytest.mark.parametrize(
    "source, line, fragment",
    [
        ("def f(:\n    pass\n", 1, "syntax error"),
        ("x = 1\nclass A:\n    pass\n", 2, "class definitions"),
        ("def f():\n    return f.__globals__\n", 2, "'_'"),
        ("import os\n", 1, "'os'"),
        ("from . import x\n", 1, "relative"),
        ("from json import *\n", 1, "import *"),
        ("async def f():\n    pass\n", 1, "async"),
        ("def f():\n    with x:\n        pass\n", 2, "with"),
        ("def f(x):\n    match x:\n        case 1:\n            pass\n", 2, "match"),
        ("def f():\n    try:\n        pass\n    except* ValueError:\n        pass\n", 2, "except*"),
        ("def f(_secret):\n    return 1\n", 1, "'_'"),
        ("def f():\n    return " + "(" * 100 + "1" + ")" * 100 + "\n", 2, "nesting"),
    ],
)
def test_refusals_name_line_and_reason(source, line, fragment):
    violations = check_source(source)
    assert violations, source
    assert violations[0].line == line
    assert fragment in violations[0].message
    assert str(violations[0]).startswith(f"line {line}, col ")


def test_unknown_syntax_fails_closed(monkeypatch):
    from learnact_engine.sandbox import policy

    monkeypatch.setattr(policy, "_ALLOWED_NODES", policy._ALLOWED_NODES - {ast.While})
    assert "While syntax is not allowed" in check_source("def f():\n    while x:\n        pass\n")[0].message


def test_every_python_node_type_is_classified():
    """A new Python version's new syntax must be decided on, not silently allowed (sandbox.md §5.7)."""
    from learnact_engine.sandbox import policy

    classified = policy._ALLOWED_NODES | set(policy._REFUSED_NODES)
    for name in dir(ast):
        node = getattr(ast, name)
        if isinstance(node, type) and issubclass(node, ast.AST) and node.__subclasses__() == [] and node.__module__ == "ast":
            if node in classified or name in {"Interactive", "Expression", "FunctionType", "TypeIgnore", "Suite",
                                              "Param", "AugLoad", "AugStore", "Index", "ExtSlice", "Num", "Str",
                                              "Bytes", "NameConstant", "Ellipsis", "MatchValue", "MatchSingleton",
                                              "MatchSequence", "MatchMapping", "MatchClass", "MatchStar", "MatchAs",
                                              "MatchOr", "match_case", "withitem", "TypeVar", "ParamSpec",
                                              "TypeVarTuple", "TypeAlias", "TemplateStr", "Interpolation"}:
                continue
            pytest.fail(f"ast.{name} is neither allowed nor refused by the policy")


def test_import_allowlist_is_small_and_harmless():
    assert ALLOWED_IMPORTS <= {"math", "re", "random", "string", "itertools", "json"}


def test_non_ascii_identifiers_are_refused():
    assert "non-ASCII" in check_source("def f():\n    caf\u00e9 = 1\n    return caf\u00e9\n")[0].message


def test_oversize_and_nul_source():
    assert "larger than" in check_source("x = 1\n" * 100_000)[0].message
    assert "NUL" in check_source("x = 1\x00\n")[0].message


def test_lone_underscore_is_a_plain_throwaway_name():
    compiled, violations = compile_library("def f():\n    for _ in range(3):\n        pass\n    return 1\n")
    assert violations == [] and compiled.functions == ("f",)
