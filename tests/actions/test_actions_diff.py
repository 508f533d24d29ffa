"""Action-level diffs: statuses, kinds of change, structural facts, risk flags, stable JSON."""

import json

import pytest

from learnact_engine.actions.diff import diff_libraries
from learnact_engine.actions.library import ActionLibrary

PRIMITIVES = ["goto", "take", "put", "open"]
OLD = '''def find_at(obj, recep):
    """Go and take."""
    observation = goto(recep)
    return take(obj, recep)


def tidy(x):
    return x+1


def doc_only(x):
    """Old words."""
    return x


def same(x):
    return x


def gone(x):
    return x
'''
NEW = '''import re


def find_at(obj, recep, tries=3):
    """Go and take."""
    observation = goto(recep)
    if "closed" in observation:
        observation = open(recep)
    found = re.search(r"mug (\\d+)", observation)
    while True:
        observation = take("mug 1", recep)
        if "not valid" not in observation:
            break
    return observation


def tidy(x):
    # only formatting changed here
    return (x + 1)


def doc_only(x):
    """New words."""
    return x


def same(x):
    return x


def fresh(obj):
    return find_at(obj, "countertop 1")
'''


def actions_of(diff):
    return {a.name: a for a in diff.actions}


@pytest.fixture(scope="module")
def diff():
    old = ActionLibrary.from_source(OLD, PRIMITIVES)
    new = ActionLibrary.from_source(NEW, PRIMITIVES)
    return diff_libraries(old, new, {"label": "a", "round": 1, "hash": old.hash},
                          {"label": "b", "round": 2, "hash": new.hash})


def test_statuses_and_kinds_of_change(diff):
    got = {a.name: (a.status, a.change) for a in diff.actions}
    assert got == {
        "find_at": ("modified", "logic"), "tidy": ("modified", "formatting"),
        "doc_only": ("modified", "docstring"), "same": ("unchanged", None),
        "fresh": ("added", None), "gone": ("removed", None),
    }
    assert [a.name for a in diff.actions] == ["find_at", "tidy", "doc_only", "same", "fresh", "gone"]
    s = diff.summary
    assert (s["added"], s["removed"], s["modified"], s["unchanged"]) == (1, 1, 3, 1)
    assert s["changes"] == {"logic": 1, "docstring": 1, "formatting": 1, "notes": 0}
    assert s["imports_added"] == ["import re"]


def test_signature_docstring_and_function_only_unified_diff(diff):
    a = actions_of(diff)
    assert a["find_at"].signature_changed and not a["find_at"].docstring_changed
    assert a["doc_only"].docstring_changed and not a["doc_only"].signature_changed
    assert a["find_at"].unified_diff.startswith("--- a/find_at\n+++ b/find_at\n")
    assert "def tidy" not in a["find_at"].unified_diff  # that function only
    assert a["same"].unified_diff == ""
    assert a["gone"].unified_diff.splitlines()[-1] == "-    return x"


def test_structural_facts(diff):
    facts = actions_of(diff)["find_at"].facts
    assert facts["primitive_calls_added"] == ["open"]
    assert facts["imports_added"] == ["import re"]
    assert facts["loops"] == {"from": 0, "to": 1}
    assert facts["matches_added"] == ["closed", "mug (\\d+)", "not valid"]
    assert actions_of(diff)["fresh"].facts["action_calls_added"] == ["find_at"]
    assert actions_of(diff)["tidy"].flags == ()


def test_risk_flags_with_library_lines(diff):
    flags = [(f.code, f.line) for f in actions_of(diff)["find_at"].flags]
    # open is a primitive here, so it is not flagged as the builtin open().
    assert flags == [("new_import", 4), ("unbounded_while", 10), ("hardcoded_object_id", 11)]
    assert [f.code for f in actions_of(diff)["fresh"].flags] == ["hardcoded_object_id"]
    new = NEW.splitlines()
    assert new[10 - 1].strip() == "while True:" and "mug 1" in new[11 - 1]


@pytest.mark.parametrize("body,code", [
    ("    while True:\n        goto(r)\n", "unbounded_while"),
    ("    return r.__class__\n", "dunder_name"),
    ("    return getattr(r, '__globals__')\n", "dunder_name"),
    ("    return r._private\n", "private_name"),
    ("    return eval(r)\n", "dangerous_builtin"),
    ("    import json\n    return json.dumps(r)\n", "new_import"),
    ("    return take('ball1', r)\n", "hardcoded_object_id"),
])
def test_each_risk_flag(body, code):
    old = ActionLibrary.from_source("def f(r):\n    return r\n", PRIMITIVES, validate=False)
    new = ActionLibrary.from_source(f"def f(r):\n{body}", PRIMITIVES, validate=False)
    (action,) = diff_libraries(old, new).actions
    assert code in [f.code for f in action.flags]


def test_bounded_while_true_is_not_flagged():
    body = ("def f(r):\n    tries = 0\n    while True:\n        tries += 1\n"
            "        if tries > 3 or 'ok' in goto(r):\n            break\n")
    (action,) = diff_libraries(ActionLibrary(), ActionLibrary.from_source(body, PRIMITIVES)).actions
    assert action.flags == ()


def test_json_shape_is_the_documented_one_and_stable(diff):
    text = diff.to_json()
    data = json.loads(text)
    assert {"from", "to", "actions", "summary"} <= set(data)
    for action in data["actions"]:
        assert {"name", "status", "signature_changed", "docstring_changed", "unified_diff", "flags"} <= set(action)
    assert text == json.dumps(data, sort_keys=True, indent=2) + "\n"  # keys sorted
    old = ActionLibrary.from_source(OLD, PRIMITIVES)
    new = ActionLibrary.from_source(NEW, PRIMITIVES)
    again = diff_libraries(old, new, {"label": "a", "round": 1, "hash": old.hash},
                           {"label": "b", "round": 2, "hash": new.hash})
    assert again.to_json() == text


def test_notes_only_change():
    old = ActionLibrary.from_source("def f(r):\n    return goto(r)\n", PRIMITIVES)
    new = old.with_note("f", "Use it after opening.")
    (action,) = diff_libraries(old, new).actions
    assert (action.status, action.change, action.notes_changed) == ("modified", "notes", True)
    assert action.facts["notes_added"] == ["Use it after opening."]


def test_text_rendering_neutralises_control_characters_from_llm_code():
    from learnact_engine.actions.render import render_diff

    old = ActionLibrary()
    new = ActionLibrary.from_source('def f(r):\n    return "\x1b[2J\x1b]0;pwned\x07"\n', PRIMITIVES, validate=False)
    text = render_diff(diff_libraries(old, new), color=False)
    assert "\x1b" not in text and "\x07" not in text and "\\x1b[2J" in text
