"""A real OpenAI-compatible HTTP server on loopback, scripted per test.

Each request to /v1/chat/completions takes the next step of the script: an HTTP error (with headers,
e.g. Retry-After), a stall longer than the client's timeout, or a successful chat completion.
Test files import the step builders from here (`from scripted_server import error, ok`).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Step:
    kind: str  # "error" | "stall" | "ok"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    message: str = ""
    text: str = "ok"
    hold_s: float = 0.0  # "ok" only: keep the request open this long (to observe concurrency)
    usage: dict[str, int] | None = None  # "ok" only: the usage reported (default 11 + 3 tokens)


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
        self.other_requests: list[str] = []
        self.get_routes: dict[str, Any] = {}  # GET path -> JSON payload (e.g. /props, /v1/models)
        # A server with a context window: a prompt of more than this many "tokens" (4 characters
        # each, as the server counts them) is rejected the way OpenAI and llama.cpp reject it.
        self.window_tokens: int | None = None
        self.rejected = 0
        self.tokenize = None  # a function text -> token count: serves llama-cpp-python's /extras/tokenize/count
        self.in_flight = 0
        self.max_in_flight = 0
        self.release = threading.Event()  # ends stalls at teardown
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server naming
                payload = server.get_routes.get(self.path)
                server.other_requests.append(self.path)
                server._send(self, 200 if payload is not None else 404, payload or {"error": "not found"}, {})

            def do_POST(self) -> None:  # noqa: N802 - http.server naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path.endswith("/extras/tokenize/count") and server.tokenize is not None:
                    server.other_requests.append(self.path)
                    server._send(self, 200, {"count": server.tokenize(body.get("input", ""))}, {})
                    return
                if not self.path.endswith("/chat/completions"):  # e.g. a tokenize probe: not this server
                    server.other_requests.append(self.path)
                    server._send(self, 404, {"error": {"message": "not found"}}, {})
                    return
                prompt = server.prompt_tokens(body)
                if server.window_tokens is not None and prompt + 1 > server.window_tokens:
                    with server.lock:
                        server.rejected += 1
                    message = (f"This model's maximum context length is {server.window_tokens} tokens. However, "
                               f"you requested {prompt + body.get('max_tokens', 0)} tokens ({prompt} in the messages, "
                               f"{body.get('max_tokens', 0)} in the completion). Please reduce the length.")
                    server._send(self, 400, {"error": {"message": message, "code": "context_length_exceeded"}}, {})
                    return
                with server.lock:
                    server.requests.append({"path": self.path, "body": body, "auth": self.headers.get("Authorization"),
                                            "prompt_tokens": prompt})
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

    @staticmethod
    def prompt_tokens(body: dict[str, Any]) -> int:
        """The server's own count: 4 characters a token plus 4 per message."""
        messages = body.get("messages") or []
        return sum(len(m.get("content") or "") // 4 + 4 for m in messages)

    def usage_for(self, body: dict[str, Any], text: str) -> dict[str, int]:
        if self.window_tokens is None:
            return {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}
        prompt, completion = self.prompt_tokens(body), len(text) // 4 + 1
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

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
            "usage": step.usage or self.usage_for(body, text),
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
