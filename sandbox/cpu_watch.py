"""The per-call CPU limit, measured by the host: the worker cannot raise, ignore or block it.

A worker's own RLIMIT_CPU is only as good as the worker: code that escaped the Python policy could
raise its soft limit, ignore SIGXCPU or block it. So the host reads the worker's CPU clock when a
call starts (one system call) and, while the call runs, every CPU_POLL_SECONDS (a call that answers
sooner pays nothing more), and SIGKILLs the worker past the call's budget; the session reports
`timeout`. Mixed into both backends' channels when the worker's process is visible to the host
(`worker_pid`); without it (a remote Docker daemon) the worker's own rlimit is what remains.
"""

from __future__ import annotations

import os
import time

from learnact_engine.sandbox.channel import WorkerTimeout

CLK_TCK = os.sysconf("SC_CLK_TCK")
CPU_POLL_SECONDS = 0.1
CPUCLOCK_SCHED = 2  # the process-wide CPU clock of a pid (include/linux/posix-timers.h)


def cpu_seconds_of(pid: int | None) -> float | None:
    """CPU time of a process (None when it is gone or unknown): its POSIX CPU clock, one system
    call (clock_getcpuclockid's encoding of the pid), or /proc/<pid>/stat where that is refused."""
    if pid is None:
        return None
    try:
        return time.clock_gettime(((~pid) << 3) | CPUCLOCK_SCHED)
    except (OSError, OverflowError):
        pass
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK
    except (OSError, IndexError, ValueError):
        return None


def first_child(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            found = children.read().split()
        return int(found[0]) if found else None
    except (OSError, ValueError):
        return None


class CpuWatch:
    """Mixin for a worker channel (before PipeWorker / AttachedWorker in the bases). The subclass
    provides `_kill_for_cpu()`, which kills the worker and raises WorkerDied."""

    worker_pid: int | None = None
    cpu_budget_seconds: int = 10
    _call_cpu_start: float | None = None
    cpu_killed: bool = False

    def watch(self, message: dict) -> None:
        """Called with every message the host sends: a call starts the clock."""
        op = message.get("op")
        if op == "load" and isinstance(message.get("limits"), dict):
            cpu = message["limits"].get("cpu_seconds")
            if type(cpu) is int and cpu > 0:
                self.cpu_budget_seconds = cpu
        elif op == "call":
            self._call_cpu_start = cpu_seconds_of(self.worker_pid)

    def recv(self, deadline: float) -> dict:
        while True:
            try:
                return super().recv(min(deadline, time.monotonic() + CPU_POLL_SECONDS))
            except WorkerTimeout:
                if time.monotonic() >= deadline:
                    raise
                if self._call_cpu_start is not None:
                    used = cpu_seconds_of(self.worker_pid)
                    if used is not None and used - self._call_cpu_start > self.cpu_budget_seconds:
                        self.cpu_killed = True
                        self._kill_for_cpu()

    def death_cause(self) -> str:
        return "timeout" if self.cpu_killed else super().death_cause()
