"""Fenced code blocks in LLM replies."""

from learnact_engine.actions.extract import extract_code_blocks


def test_prose_around_several_blocks_keeps_only_python_in_order():
    reply = "Intro.\n```python\ndef a():\n    pass\n```\nmiddle\n```text\nObservation: x\n```\n```py\nb = 1\n```\nend"
    blocks = extract_code_blocks(reply)
    assert [b.text for b in blocks] == ["def a():\n    pass\n", "b = 1\n"]
    assert [b.index for b in blocks] == [1, 2]
    assert blocks[0].start_line == 3  # reply line of the block's first code line


def test_bare_fences_count_only_without_labelled_python():
    assert [b.text for b in extract_code_blocks("```\nx = 1\n```")] == ["x = 1\n"]
    mixed = "```\nAction: goto('a')\n```\n```python\ny = 2\n```"
    assert [b.text for b in extract_code_blocks(mixed)] == ["y = 2\n"]


def test_indented_fence_in_a_list_is_dedented():
    reply = "1. First:\n   ```python\n   def f():\n       return 1\n   ```\n"
    assert extract_code_blocks(reply)[0].text == "def f():\n    return 1\n"


def test_unterminated_block_runs_to_end_and_is_marked():
    (block,) = extract_code_blocks("text\n```python\ndef f(:\n")
    assert not block.terminated and block.text == "def f(:\n"


def test_no_blocks_and_empty_blocks():
    assert extract_code_blocks("just prose, no code") == []
    assert extract_code_blocks("```python\n\n```") == []
