"""CallResult: what one sandboxed call produced, as plain data only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

STATUSES = ("ok", "error", "timeout", "memory", "output_limit", "step_budget", "rejected", "crashed")


@dataclass(frozen=True)
class CallError:
    type: str  # exception type name, or the limit that was hit
    message: str
    line: int | None = None  # line in actions.py of the innermost library frame
    traceback: str = ""  # rendered feedback text (library frames only, sanitised)


@dataclass(frozen=True)
class PrimitiveCall:
    name: str
    args: list[Any]
    observation: Any  # the plain value the host returned to the sandbox
    command: str | None = None  # the environment command string, where there is one


@dataclass(frozen=True)
class CallResult:
    status: str
    value: Any = None
    error: CallError | None = None
    stdout: str = ""
    primitive_calls: list[PrimitiveCall] = field(default_factory=list)
    elapsed_s: float = 0.0

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["elapsed_s"] = round(self.elapsed_s, 6)
        return data
