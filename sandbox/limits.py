"""Per-call limits of a sandbox session. Every one is enforced from outside the sandboxed code:
by the host (wall clock, output, primitive budget, frame sizes: a SIGKILL) or by the kernel
(rlimits / cgroups set before any untrusted code runs)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    wall_seconds: float = 10.0  # per call, host clock; SIGKILL of the whole process group
    cpu_seconds: int = 10  # per call, RLIMIT_CPU soft limit (SIGXCPU), hard limit one second later
    memory_mb: int = 256  # address space added on top of the worker's own footprint
    output_bytes: int = 64_000  # printed text per call; over it the host kills the worker
    output_messages: int = 10_000  # print() calls per call, empty ones included; same kill
    primitive_calls: int = 200  # primitive-call budget per call; over it the host kills the worker
    return_bytes: int = 64_000  # JSON size of the returned value
    source_bytes: int = 256_000  # size of a library's source
    argument_chars: int = 1_000  # one string argument of a primitive call (host-side refusal)
    request_chars: int = 4_000  # all arguments of one primitive call together

    def __post_init__(self) -> None:
        for name, value in asdict(self).items():
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"limit {name} must be a positive number, got {value!r}")

    def to_dict(self) -> dict:
        return asdict(self)
