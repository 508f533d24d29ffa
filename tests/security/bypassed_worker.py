"""The test-only policy-bypassed worker: plain Python inside each backend's real OS boundary.

It is the product's worker (same start-up, same confinement, same protocol) with one change: a
library is executed as plain Python with the full builtins, as if the restricted-Python policy had
been broken. It lives here, in the tests, and reaches a backend only through the backends'
`test_worker_python_args` constructor option, which the CLI never passes. What it proves is that the
OS boundary holds on its own.
"""

from __future__ import annotations

from learnact_engine.sandbox.bubblewrap import BOUNDARY_ARGS
from learnact_engine.sandbox.docker_hardening import WORKER_SECCOMP_ARGS

PLAIN_WORKER_SOURCE = r'''
import json, sys, types
sys.path.insert(0, "/opt/learnact")
from learnact_engine.sandbox import worker as product


class PlainWorker(product.Worker):
    """The policy switched off: exec with full builtins, every function callable."""

    def load(self, message):
        self.limits = message.get("limits") or {}
        product.confine.set_memory_limit(int(self.limits.get("memory_mb", 256)))
        product.confine.set_cpu_budget(int(self.limits.get("cpu_seconds", 10)))
        self.namespace = {"__name__": "bypassed"}
        try:
            exec(compile(str(message.get("source", "")), "bypassed.py", "exec"), self.namespace)
        except BaseException as exc:
            self.send({"op": "rejected", "violations": [{"line": 0, "col": 0, "message": repr(exc)[:500]}]})
            return
        self.library = self.namespace
        functions = sorted(k for k, v in self.namespace.items() if isinstance(v, types.FunctionType))
        self.send({"op": "loaded", "functions": functions})

    def call(self, message):
        product.confine.arm_cpu_limit(int(self.limits.get("cpu_seconds", 10)))
        try:
            value = self.namespace[message["name"]](*(message.get("args") or []))
            json.dumps(value)
            self.send({"op": "result", "status": "ok", "value": value, "error": None})
        except BaseException as exc:
            self.send({"op": "result", "status": "error", "value": None,
                       "error": {"type": type(exc).__name__, "message": repr(exc)[:2000], "frames": []}})


sys.exit(product.main(sys.argv[1:], worker_class=PlainWorker))
'''

PYTHON_ARGS = {
    "restricted": ("-E", "-s", "-S", "-B", "-c", PLAIN_WORKER_SOURCE, *BOUNDARY_ARGS),
    "docker": ("-E", "-s", "-B", "-c", PLAIN_WORKER_SOURCE, *WORKER_SECCOMP_ARGS),
}
