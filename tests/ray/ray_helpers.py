"""Helpers of the Ray tests: the run's flags, Ray or a skip, episodes keyed for comparison."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() == "true"
RUN_ARGS = ["--domain", "robotic_planning", "--quiet", "--test-per-type", "4", "--train-per-type", "2",
            "--samples", "2"]


def ray_or_skip():
    try:
        import ray
        ray.remote  # noqa: B018 - not this folder seen as a namespace package
    except (ImportError, AttributeError):
        if IN_CI:
            pytest.fail("required in CI (CI=true): the ray extra is not installed", pytrace=False)
        pytest.skip("ray is not installed (pip install 'learnact-engine[ray]')")
    return ray


def episodes_by_key(run_dir: Path) -> dict[str, str]:
    """Each finished episode's line, keyed by episode key, without its wall-clock `elapsed_s`."""
    from learnact_engine.run_dir import RunDir

    out = {}
    for record in RunDir(run_dir).episodes():
        record = dict(record)
        record.pop("elapsed_s")
        out[record["key"]] = json.dumps(record, sort_keys=True)
    return out


def worker_pids(cluster) -> list[int]:
    """Episode worker actor processes of this test's cluster only: children of its nodes' raylets
    whose title Ray set to the actor's class (other sessions' clusters are left alone)."""
    raylets = {info.process.pid for node in cluster.list_all_nodes()
               for info in node.all_processes.get("raylet", []) if info.process is not None}
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        if title.startswith("ray::EpisodeWorker") and parent in raylets:
            pids.append(int(entry.name))
    return sorted(pids)


def load_doubles():
    """The learner tests' doubles module, loaded by path (this folder is not a package)."""
    spec = importlib.util.spec_from_file_location("learnact_test_doubles", ROOT / "tests" / "learners" / "doubles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module




class ScriptedAPI:
    """An OpenAI-compatible chat server on loopback answering with the learner tests' scripted LLM
    (by what each prompt asks for); counts requests and the most it saw at once."""

    def __init__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        from learnact_engine.llm.types import Request

        scripted, api = load_doubles().ScriptedLLM(), self
        self.requests, self.in_flight, self.max_in_flight = 0, 0, 0
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - no model listing, no tokenizer: the client estimates
                self._send(404, {"error": {"message": "not found"}})

            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if not self.path.endswith("/chat/completions"):
                    self._send(404, {"error": {"message": "not found"}})
                    return
                with api.lock:
                    api.requests += 1
                    api.in_flight += 1
                    api.max_in_flight = max(api.max_in_flight, api.in_flight)
                try:
                    messages = tuple((m["role"], m["content"]) for m in body["messages"])
                    first_user = next(c for r, c in messages if r == "user")
                    _kind, text = scripted._answer(messages[-1][1], first_user, Request(messages))
                    prompt = sum(len(c) for _r, c in messages) // 4
                    self._send(200, {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                                     "choices": [{"index": 0, "finish_reason": "stop",
                                                  "message": {"role": "assistant", "content": text}}],
                                     "usage": {"prompt_tokens": prompt, "completion_tokens": len(text) // 4 + 1,
                                               "total_tokens": prompt + len(text) // 4 + 1}})
                finally:
                    with api.lock:
                        api.in_flight -= 1

            def _send(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
