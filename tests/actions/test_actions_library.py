"""Immutable libraries: hashes, parents, edits and their validation."""

import dataclasses

import pytest

from learnact_engine.actions.errors import LibraryError
from learnact_engine.actions.library import Action, ActionLibrary

BASE = '''import re


def find_at(obj, recep):
    """Go and take."""
    observation = goto(recep)
    return take(obj, recep)


def put_in(obj, recep):
    goto(recep)
    return put(obj, recep)
'''
PRIMITIVES = ["goto", "take", "put", "open"]


@pytest.fixture
def library():
    return ActionLibrary.from_source(BASE, primitive_names=PRIMITIVES)


def test_from_source_round_trips_the_module_text(library):
    assert library.source() == BASE
    assert library.names == ("find_at", "put_in")
    assert library["find_at"].signature == "find_at(obj, recep)"
    assert library.parent_hash is None


def test_action_fields_are_derived_from_source():
    action = Action('def f(a, b=2, *rest, key=None, **extra) -> str:\n    """Doc\n    more."""\n    return a')
    assert action.name == "f"
    assert action.params == ("a", "b", "*rest", "key", "**extra")
    assert action.signature == "f(a, b=2, *rest, key=None, **extra) -> str"
    assert action.docstring == "Doc\nmore."
    assert action.source.endswith("\n")
    with pytest.raises(LibraryError, match="exactly one function"):
        Action("x = 1\n")


def test_libraries_and_actions_are_immutable(library):
    with pytest.raises(dataclasses.FrozenInstanceError):
        library.actions = ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        library["find_at"].notes = ("x",)


def test_edits_return_new_libraries_with_the_parent_hash(library):
    noted = library.with_note("put_in", "Open the receptacle first.")
    assert noted is not library and noted.parent_hash == library.hash
    assert noted.hash != library.hash
    assert noted["put_in"].content_hash == library["put_in"].content_hash  # code unchanged
    assert library["put_in"].notes == () and noted["put_in"].notes == ("Open the receptacle first.",)

    replaced = noted.with_action("def put_in(obj, recep):\n    return put(obj, recep)\n")
    assert replaced.names == ("find_at", "put_in")  # replaced in place
    assert replaced["put_in"].notes == ()  # new code starts without notes, as in the reference
    assert replaced.parent_hash == noted.hash

    added = replaced.with_action("def look():\n    return goto('x')\n")
    assert added.names[-1] == "look"
    assert added.without_action("look").hash == replaced.hash  # hash is content, not history


def test_same_content_same_hash_order_matters():
    a = ActionLibrary((Action("def a():\n    pass\n"), Action("def b():\n    pass\n")))
    b = ActionLibrary((Action("def a():\n    pass\n"), Action("def b():\n    pass\n")), parent_hash="x" * 64)
    c = ActionLibrary((Action("def b():\n    pass\n"), Action("def a():\n    pass\n")))
    assert a.hash == b.hash != c.hash


def test_invalid_edits_are_refused_with_line_and_reason(library):
    with pytest.raises(LibraryError) as caught:
        library.with_action("def take(obj):\n    return obj\n")
    assert "shadows the primitive take()" in str(caught.value)
    with pytest.raises(LibraryError, match=r"line \d+, col \d+: .*'_secret'"):
        library.with_action("def spy():\n    return goto._secret\n")
    with pytest.raises(LibraryError, match="import of 'os' is not allowed"):
        library.with_imports(["import os"])
    with pytest.raises(KeyError, match="no action named 'nope'"):
        library.with_note("nope", "x")


def test_with_actions_applies_a_parsed_revision(library):
    revision = ActionLibrary.parse(
        "Improve: Update\n```python\nimport math\n\ndef find_at(obj, recep):\n    return take(obj, recep)\n\n"
        "def twice(obj, recep):\n    find_at(obj, recep)\n    return find_at(obj, recep)\n```",
        primitive_names=PRIMITIVES).library
    merged = library.with_actions(revision)
    assert merged.names == ("find_at", "put_in", "twice")
    assert merged.imports == ("import math", "import re")
    assert merged["find_at"].source == revision["find_at"].source
    assert merged.parent_hash == library.hash


def test_from_source_refuses_strays_and_policy_violations():
    with pytest.raises(LibraryError, match="line 3, col 1: only functions and imports"):
        ActionLibrary.from_source("def f():\n    pass\nf()\n")
    with pytest.raises(LibraryError, match="line 1, col 7: syntax error: invalid syntax"):
        ActionLibrary.from_source("def f(:\n")
    # validate=False keeps a foreign file readable for audits.
    lax = ActionLibrary.from_source("import os\n\ndef f():\n    pass\nf()\n", validate=False)
    assert lax.names == ("f",) and lax.imports == ("import os",)
