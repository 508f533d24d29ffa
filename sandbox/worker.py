"""The sandbox worker: loads one action library and executes calls on the host's request.

Speaks the framed protocol (protocol.py) on the pipes it was started with; everything else
(stdin, stdout, stderr at the fd level) points at /dev/null so nothing the code does can corrupt the
channel. Messages:

    host -> worker  {"op": "load", "source", "primitives": [names], "limits": {...}}
                    {"op": "call", "name", "args": [...], "kwargs": {...}, "seed": int}
                    {"op": "reply", "value"} | {"op": "reply", "error": {"type", "message"}}
    worker -> host  {"op": "ready", "facts"}   once, after confinement
                    {"op": "loaded", "functions"} | {"op": "rejected", "violations": [...]}
                    {"op": "primitive", "name", "args"}   then blocks for the host's reply
                    {"op": "stdout", "text"}
                    {"op": "result", "status": "ok"|"error"|"memory"|"output_limit", "value", "error",
                     "allocation_failed": bool}

Each call runs in a fresh namespace (library re-executed, fresh module proxies, RNG seeded by
the host), so nothing a call does survives into the next one. Uses only the standard library and
RestrictedPython, so the same file runs in the Docker image.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import types
from typing import Any

from learnact_engine.sandbox import confine
from learnact_engine.sandbox.guards import SANDBOX_FILENAMES, SafeCallables, base_trusted_callables, make_globals
from learnact_engine.sandbox.memwatch import MemoryWatch, may_catch_memory_error
from learnact_engine.sandbox.plain import NotPlainData, is_scalar, to_plain
from learnact_engine.sandbox.policy import CompiledLibrary, compile_library
from learnact_engine.sandbox.protocol import read_frame, write_frame

MAX_MESSAGE_CHARS = 4000
MAX_FRAMES = 50
_PRIMITIVE_ERRORS = {"TypeError": TypeError, "ValueError": ValueError, "KeyError": KeyError}


def _exception_record(exc: BaseException) -> dict:
    frames = []
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename in SANDBOX_FILENAMES:
            frames.append({"file": frame.f_code.co_filename, "line": lineno, "function": frame.f_code.co_name})
    try:
        message = str(exc)[:MAX_MESSAGE_CHARS]
    except BaseException:  # noqa: BLE001 - str() of an exception may itself fail
        message = "<unprintable message>"
    # keep the innermost frames: they locate the bug
    return {"type": type(exc).__name__, "message": message, "frames": frames[-MAX_FRAMES:]}


class Worker:
    def __init__(self, in_fd: int, out_fd: int):
        self.in_fd = in_fd
        self.out_fd = out_fd
        self.library: CompiledLibrary | None = None
        self.primitive_names: list[str] = []
        self.limits: dict = {}
        self.safe: SafeCallables | None = None
        self.memory_watch = MemoryWatch(SANDBOX_FILENAMES)
        self.may_catch_memory_error = True

    def send(self, message: dict) -> None:
        write_frame(self.out_fd, message)

    def serve(self) -> None:
        while True:
            try:
                message = read_frame(self.in_fd)
            except EOFError:
                return
            op = message["op"]
            if op == "load":
                self.load(message)
            elif op == "call":
                self.call(message)
            elif op == "ping":
                self.send({"op": "pong"})
            else:
                self.send({"op": "result", "status": "error", "value": None,
                           "error": {"type": "ProtocolError", "message": f"unknown op {op!r}", "frames": []}})

    def load(self, message: dict) -> None:
        if self.library is not None:
            self.send({"op": "rejected", "violations": [{"line": 0, "col": 0, "message": "a library is already loaded"}]})
            return
        self.limits = message.get("limits") or {}
        self.primitive_names = [name for name in message.get("primitives", []) if type(name) is str]
        confine.set_memory_limit(int(self.limits.get("memory_mb", 256)))
        confine.set_cpu_budget(int(self.limits.get("cpu_seconds", 10)))
        compiled, violations = compile_library(str(message.get("source", "")))
        if compiled is None:
            self.send({"op": "rejected", "violations": [vars(v) for v in violations]})
            return
        self.library = compiled
        self.may_catch_memory_error = may_catch_memory_error(str(message.get("source", "")))
        self.stubs = {name: self._primitive_stub(name) for name in self.primitive_names}
        self.safe = SafeCallables(base_trusted_callables() + list(self.stubs.values()))
        self.send({"op": "loaded", "functions": list(compiled.functions)})

    def _primitive_stub(self, name: str):
        worker = self

        def primitive(*args: Any, **kwargs: Any) -> Any:
            if kwargs:
                raise TypeError(f"{name}() takes positional arguments only")
            for arg in args:
                if not is_scalar(arg):
                    raise TypeError(f"{name}() arguments must be strings, numbers, booleans or None, not {type(arg).__name__}")
            worker.send({"op": "primitive", "name": name, "args": list(args)})
            reply = read_frame(worker.in_fd)
            if reply.get("op") != "reply":
                raise RuntimeError("sandbox protocol error: expected a primitive reply")
            if "error" in reply:
                error = reply["error"] if type(reply["error"]) is dict else {}
                raise _PRIMITIVE_ERRORS.get(error.get("type"), RuntimeError)(str(error.get("message", "")))
            return reply.get("value")

        primitive.__name__ = primitive.__qualname__ = name
        return primitive

    def call(self, message: dict) -> None:
        if self.library is None:
            self.send({"op": "result", "status": "error", "value": None,
                       "error": {"type": "RuntimeError", "message": "no library loaded", "frames": []}})
            return
        confine.arm_cpu_limit(int(self.limits.get("cpu_seconds", 10)))
        name = message.get("name")
        output_cap = int(self.limits.get("output_bytes", 64_000))
        watch = self.memory_watch
        watch.reset(tracing=self.may_catch_memory_error)
        try:
            namespace, _printer = make_globals(
                self.stubs, int(message.get("seed", 0)),
                lambda text: self.send({"op": "stdout", "text": text}), output_cap, self.safe,
            )
            with watch:
                exec(self.library.code, namespace)  # noqa: S102 - restricted bytecode, guarded namespace
                func = namespace.get(name) if type(name) is str else None
                if name not in self.library.functions or type(func) is not types.FunctionType:
                    raise NameError(f"the library defines no action named {name!r}")
                args = message.get("args") or []
                kwargs = message.get("kwargs") or {}
                value = func(*args, **kwargs)
            try:
                plain = to_plain(value, int(self.limits.get("return_bytes", 64_000)))
            except NotPlainData as exc:
                status = "output_limit" if "over the limit" in str(exc) else "error"
                self._result(status, None, {"type": "ReturnValueError", "message": str(exc), "frames": []})
                return
            self._result("ok", plain, None)
        except MemoryError as exc:
            watch.note_escaped(exc)
            if watch.allocation_failed:
                self._result("memory", None, {"type": "MemoryError", "message": "memory limit reached", "frames": []})
            else:  # the code's own `raise MemoryError(...)`: an ordinary error
                self._result("error", None, _exception_record(exc))
        except BaseException as exc:  # noqa: BLE001 - SystemExit and friends are results too
            self._result("error", None, _exception_record(exc))

    def _result(self, status: str, value: Any, error: dict | None) -> None:
        # allocation_failed: an allocation failed during the call, caught by the code or not; the
        # host then reports `memory` and never reuses this worker
        self.send({"op": "result", "status": status, "value": value, "error": error,
                   "allocation_failed": self.memory_watch.allocation_failed})


def main(argv: list[str] | None = None, worker_class: type = Worker) -> int:
    parser = argparse.ArgumentParser(prog="learnact-engine-worker")
    parser.add_argument("--boundary", action="store_true", help="inside the restricted backend's bubblewrap boundary")
    parser.add_argument("--seccomp", default=None, help="install this seccomp BPF program first")
    parser.add_argument("--uid", type=int, default=1000, help="with --boundary: the uid to drop to from namespace root")
    parser.add_argument("--confine", action="store_true", help="former namespace-less confinement (benchmark baseline only)")
    parser.add_argument("--scratch", default=None, help="private scratch directory to work in (with --confine)")
    args = parser.parse_args(argv)
    # Keep the protocol on private descriptors; point 0/1/2 at /dev/null.
    in_fd, out_fd = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    if args.boundary:
        facts = confine.confine_in_boundary(args.seccomp, args.uid)
    else:
        facts = confine.install_seccomp_file(args.seccomp) if args.seccomp else {}
        if args.confine:
            facts.update(confine.confine_process(args.scratch))
    worker = worker_class(in_fd, out_fd)
    worker.send({"op": "ready", "facts": facts})
    worker.serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
