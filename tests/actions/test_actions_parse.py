"""ActionLibrary.parse on realistic LLM replies, with the real sandbox policy."""

from pathlib import Path

import pytest

from learnact_engine.actions.library import ActionLibrary

REPLIES = Path(__file__).parent / "replies"
ALFWORLD_PRIMITIVES = ["goto", "take", "put", "open", "close", "clean", "heat", "cool", "use", "examine"]
ROBOTIC_PRIMITIVES = ["pick", "move", "drop"]


def reply(name: str) -> str:
    return (REPLIES / name).read_text()


def test_alfworld_reply_with_helper_nested_function_usage_lines_and_prose():
    parsed = ActionLibrary.parse(reply("alfworld_creation.md"), primitive_names=ALFWORLD_PRIMITIVES)
    assert parsed.ok, parsed.feedback()
    library = parsed.library
    assert library.names == ("parse_object_name", "find_at", "clean_and_place")  # helper is an action
    assert library.imports == ("import re",)
    helper = library["parse_object_name"]
    assert helper.params == ("object_type", "text")
    assert helper.docstring == "Return the first '<object_type> <n>' mentioned in text, or None."
    assert helper.source.startswith("# Helper: parse the concrete object id")  # comment kept
    assert "def first_line(text):" in library["clean_and_place"].source  # nested function stays inside
    assert [s.code for s in parsed.strays] == [
        'find_at("mug", "countertop 1")\n', 'clean_and_place("mug 1", "coffeemachine 1")\n']
    assert parsed.test_code().count("\n") == 2
    assert all(len(a.content_hash) == 64 for a in library.actions)


def test_library_source_is_the_sandbox_module_imports_first():
    library = ActionLibrary.parse(reply("alfworld_creation.md"), primitive_names=ALFWORLD_PRIMITIVES).library
    source = library.source()
    assert source.startswith("import re\n\n\n")
    compile(source, "actions.py", "exec")
    from learnact_engine.sandbox.policy import check_source

    assert check_source(source) == []
    lines = source.splitlines()
    for name, (first, last) in library.line_spans().items():
        assert f"def {name}(" in "\n".join(lines[first - 1:last])
        assert library.action_at_line(last) == name
    assert library.action_at_line(1) is None


def test_several_python_blocks_and_a_usage_only_block():
    parsed = ActionLibrary.parse(reply("robotic_creation.md"), primitive_names=ROBOTIC_PRIMITIVES)
    assert parsed.ok, parsed.feedback()
    assert parsed.library.names == ("carry_to", "carry_two")
    assert [(s.block, s.line) for s in parsed.strays] == [(3, 1)]


def test_syntax_error_names_line_column_and_reason():
    parsed = ActionLibrary.parse(reply("syntax_error.md"), primitive_names=ALFWORLD_PRIMITIVES)
    assert not parsed.ok and parsed.library is None
    (error,) = parsed.errors
    assert (error.line, error.col) == (3, 31)  # just after `if 'closed' in observation`
    assert str(error) == "line 3, col 31: syntax error: expected ':'"


def test_truncated_reply_says_the_block_is_not_closed():
    parsed = ActionLibrary.parse("```python\ndef f(a,\n", primitive_names=[])
    assert "not closed" in parsed.feedback() and parsed.errors[0].line >= 1


def test_bad_revision_lists_every_problem_with_block_line_and_reason():
    parsed = ActionLibrary.parse(reply("bad_revision.md"), primitive_names=ALFWORLD_PRIMITIVES)
    assert parsed.library is None
    text = [str(e) for e in parsed.errors]
    expected = [
        "block 1, line 1, col 1: import of 'os' is not allowed",
        "block 1, line 2, col 1: import of 'functools' is not allowed",
        "block 1, line 4, col 1: top-level name 'MAX_TRIES' is not kept in the library",
        "block 1, line 6, col 1: decorators are not allowed on actions (@lru_cache on 'goto_all')",
        "block 1, line 11, col 1: function 'goto' shadows the primitive goto()",
        "block 1, line 12, col 12: names starting with '_' are not allowed: '__class__'",
        "block 1, line 15, col 9: names starting with '_' are not allowed: '_i'",
        "block 2, line 1, col 1: duplicate action name 'search' (first defined at block 1, line 14)",
    ]
    for want in expected:
        assert any(t.startswith(want) for t in text), (want, text)
    assert all(e.line > 0 and e.col > 0 for e in parsed.errors)
    # The `if __name__ == "__main__":` usage block is not part of the library: dropped with a warning.
    assert [s.code for s in parsed.strays] == ["MAX_TRIES = 3\n"]
    assert any("block 2, line 4: usage statement dropped" in w for w in parsed.warnings)


def test_reply_without_code_or_without_functions_is_rejected():
    assert str(ActionLibrary.parse("I cannot help.").errors[0]) == (
        "line 0, col 0: no ```python code block found in the reply")
    assert "defines no functions" in ActionLibrary.parse("```python\nx = 1\n```").feedback()


def test_class_and_async_definitions_are_refused_by_the_policy():
    parsed = ActionLibrary.parse("```python\nasync def f():\n    return 1\n```")
    assert "async functions are not allowed" in parsed.feedback()
    parsed = ActionLibrary.parse("```python\nclass Helper:\n    pass\n\ndef f():\n    return Helper()\n```")
    assert "top-level name 'Helper' is not kept" in parsed.feedback()


class RecordingPolicy:
    """A stand-in with the sandbox policy's interface, to show parse goes through it."""

    ALLOWED_IMPORTS = frozenset({"re"})

    def __init__(self):
        self.sources = []

    def check_source(self, source):
        from learnact_engine.sandbox.policy import PolicyViolation

        self.sources.append(source)
        return [PolicyViolation(2, 5, "forbidden by test policy")] if "forbidden" in source else []


def test_policy_is_consulted_through_its_interface_with_line_numbers_kept():
    policy = RecordingPolicy()
    text = "```python\ndef ok():\n    forbidden = 1\n    return forbidden\n\nok()\n```"
    parsed = ActionLibrary.parse(text, policy=policy)
    assert [str(e) for e in parsed.errors] == ["line 2, col 5: forbidden by test policy"]
    # The block is checked with the usage line blanked out, so line numbers match the reply's block.
    assert policy.sources[0] == "def ok():\n    forbidden = 1\n    return forbidden\n\n\n"


@pytest.mark.parametrize("code,needle", [
    ("def f(x):\n    return __import__('os')\n", "__import__"),
    ("def f():\n    return ().__class__.__base__\n", "__class__"),
    ("def f():\n    import random\n    return random._os\n", "_os"),
])
def test_escape_attempts_are_rejected_before_running(code, needle):
    parsed = ActionLibrary.parse(f"```python\n{code}```")
    assert parsed.library is None and needle in parsed.feedback()
