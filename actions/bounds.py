"""How big and how deep LLM-written source may be before the host parses it.

CPython compiles code that libcst (and Python-level AST walkers such as `ast.dump`) cannot parse
without `RecursionError`: `a + a + ... + a` with a thousand terms, `a.b.c...` or `f()()()...`
chains, brackets inside chains. So before libcst sees untrusted source, one linear pass over its
tokens estimates how deep the syntax tree will be and refuses the source, with the line, when it
is too large or too deep:

- depth = for each open bracket on the way in, the length of the operator / attribute / call
  chain it sits in, plus three per bracket (a subscript is three tree levels), plus two per
  indented block;
- chains are counted within one bracket level and reset by `,` `:` `;` `=` and new statements.

The limits sit well inside what libcst and the AST walkers here handle, and far above what a
readable action needs.
"""

from __future__ import annotations

import io
import token
import tokenize

from learnact_engine.actions.errors import Rejection

MAX_SOURCE_CHARS = 256_000
MAX_DEPTH = 200

_OPEN, _CLOSE = "([{", ")]}"
_RESET = {",", ":", ";", "=", "->", ":=", "+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=",
          "&=", "|=", "^=", ">>=", "<<="}
_WORD_OPERATORS = {"and", "or", "not", "in", "is", "if", "else", "await", "lambda"}


def source_rejection(code: str, block: int | None = None, what: str = "source") -> Rejection | None:
    """Why `code` is too large or too deeply nested to parse safely, or None."""
    if len(code) > MAX_SOURCE_CHARS:
        return Rejection(1, 1, f"{what} is {len(code)} characters long; the limit is {MAX_SOURCE_CHARS}", block)
    try:
        where = _too_deep(code)
    except (tokenize.TokenError, IndentationError, SyntaxError, ValueError, RecursionError, MemoryError):
        return None  # not tokenisable: the compiler names the syntax error and its line
    if where is None:
        return None
    line, col = where
    return Rejection(line, col, (f"expression nested too deeply (over {MAX_DEPTH} levels of brackets, operators, "
                                 "attribute or call chains): split it into smaller statements"), block)


def _too_deep(code: str) -> tuple[int, int] | None:
    chains = [0]  # the chain length at each open bracket level; [0] is the statement level
    lambdas = [0]  # lambdas whose `:` is still to come, per level (that `:` does not reset)
    indent = 0
    previous: tokenize.TokenInfo | None = None
    for tok in tokenize.generate_tokens(io.StringIO(code).readline):
        kind, text = tok.type, tok.string
        if kind == token.INDENT:
            indent += 1
        elif kind == token.DEDENT:
            indent = max(0, indent - 1)
        elif kind in (token.NEWLINE, token.ENDMARKER):
            chains, lambdas = [0], [0]
        elif kind == token.OP:
            if text in _OPEN:
                trailer = previous is not None and (previous.type in (token.NAME, token.STRING, token.NUMBER)
                                                    or previous.string in _CLOSE)
                if trailer:
                    chains[-1] += 1  # f(...) / x[...]: one more link in the chain
                chains.append(0)
                lambdas.append(0)
            elif text in _CLOSE:
                if len(chains) > 1:
                    chains.pop()
                    lambdas.pop()
            elif text == ":" and lambdas[-1]:
                lambdas[-1] -= 1  # a lambda's body nests inside it
            elif text in _RESET:
                chains[-1] = 0
            else:  # binary, unary, comparison operators and the attribute dot
                chains[-1] += 1
        elif kind == token.NAME and text in _WORD_OPERATORS:
            chains[-1] += 2 if text == "lambda" else 1
            lambdas[-1] += text == "lambda"
        if kind not in (token.NL, token.COMMENT):
            previous = tok
        if sum(chains) + 3 * (len(chains) - 1) + 2 * indent > MAX_DEPTH:
            return tok.start[0], tok.start[1] + 1
    return None
