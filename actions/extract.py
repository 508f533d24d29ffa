"""Fenced code blocks in an LLM reply: the code the learner asked for, with where it came from.

LLM replies mix prose, ```python blocks, output samples (```text) and trajectories. We keep the
Python blocks; unlabelled blocks count only when the reply has no labelled Python block, because
models often use bare fences for example trajectories. An unterminated final fence (a reply cut
off by the token limit) runs to the end of the text, so the truncation shows up as a syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)$")
PYTHON_TAGS = frozenset({"python", "py", "python3", "py3"})


@dataclass(frozen=True)
class CodeBlock:
    index: int  # 1-based position among the kept blocks
    text: str  # the code, dedented by the fence's indentation, ending with a newline
    start_line: int  # line of the reply holding the block's first code line (1-based)
    language: str  # the fence's info word, lower-cased ("" when bare)
    terminated: bool = True


def _dedent(line: str, indent: str) -> str:
    return line[len(indent):] if line.startswith(indent) else line.lstrip(" \t")


def _all_blocks(text: str) -> list[CodeBlock]:
    lines = text.splitlines()
    blocks: list[CodeBlock] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, indent = opening["fence"], opening["indent"]
        language = (opening["info"].split() or [""])[0].lower()
        body: list[str] = []
        j = i + 1
        terminated = False
        while j < len(lines):
            closing = _FENCE.match(lines[j])
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence) and not closing["info"].strip():
                terminated = True
                break
            body.append(_dedent(lines[j], indent))
            j += 1
        code = "\n".join(body).rstrip() + "\n" if any(b.strip() for b in body) else ""
        blocks.append(CodeBlock(0, code, i + 2, language, terminated))
        i = j + 1
    return blocks


def extract_code_blocks(text: str) -> list[CodeBlock]:
    """The Python blocks of a reply, numbered from 1; empty when the reply has none."""
    blocks = [b for b in _all_blocks(text) if b.text]
    chosen = [b for b in blocks if b.language in PYTHON_TAGS]
    if not chosen:
        chosen = [b for b in blocks if b.language == ""]
    return [CodeBlock(n, b.text, b.start_line, b.language, b.terminated) for n, b in enumerate(chosen, 1)]
