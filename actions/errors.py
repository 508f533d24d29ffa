"""Why a library or a round was refused: each reason names its place (block, line, column)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejection:
    line: int  # 1-based line in the block (reply) or in the library source; 0 when not located
    col: int  # 1-based column; 0 when not located
    message: str
    block: int | None = None  # 1-based code block of an LLM reply, when there were several

    def __str__(self) -> str:
        where = f"block {self.block}, " if self.block is not None else ""
        return f"{where}line {self.line}, col {self.col}: {self.message}"

    def to_dict(self) -> dict:
        return {"block": self.block, "line": self.line, "col": self.col, "message": self.message}


class LibraryError(ValueError):
    """An edit or a source that would make an invalid library."""

    def __init__(self, rejections: list[Rejection] | tuple[Rejection, ...]):
        self.rejections = tuple(rejections)
        super().__init__("; ".join(str(r) for r in self.rejections) or "invalid library")


class RoundError(Exception):
    """A round on disk that is missing, incomplete, or does not match its manifest."""
