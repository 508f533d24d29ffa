"""A real OpenAI-compatible server: llama-cpp-python's `llama_cpp.server` with the embedded SmolLM2
model and a 2,048-token window, started on loopback by the test. It publishes no window, so the
client starts from its default guess; a Robotic Planning run through `openai:` must still finish,
every episode recorded: barman's prompt cannot fit (one rejection teaches the window, that episode
ends with status `context`), blockworld runs, and no other request is over the window."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from learnact_engine.cli import main
from learnact_engine.run_dir import RunDir

pytestmark = [pytest.mark.llm_local, pytest.mark.slow]
N_CTX = 2048


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(local_model_path, tmp_path_factory):
    pytest.importorskip("llama_cpp.server.app", reason="needs llama-cpp-python's server extra")
    port = _free_port()
    log = open(tmp_path_factory.mktemp("server") / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(local_model_path), "--model_alias", "smollm2",
         "--n_ctx", str(N_CTX), "--n_threads", "1", "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(base + "/v1/models", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not start (exit {process.poll()}); see {log.name}")
            time.sleep(0.5)
        yield base + "/v1"
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_learn_run_against_a_2048_token_server_finishes(tmp_path, llama_server, monkeypatch, capsys):
    monkeypatch.setenv("OPENAI_BASE_URL", llama_server)
    monkeypatch.setenv("OPENAI_API_KEY", "unused")
    run_dir = tmp_path / "run"
    code = main(["learn", "--domain", "robotic_planning", "--llm", "openai:smollm2", "--method", "act",
                 "--types", "barman", "blockworld", "--test-per-type", "1", "--max-steps", "3",
                 "--max-output-tokens", "16", "--quiet", "--run-dir", str(run_dir)])
    assert code == 0, capsys.readouterr().err
    config = json.loads((run_dir / "config.json").read_text())
    agent = config["context"]["agent"]
    assert agent["source"] == "default" and agent["counter"]["kind"] == "OpenAIBackend tokenizer"  # /extras/tokenize
    planned = {task for task, _type in config["plan"]["test"]}
    records = {r["task_type"]: r for r in RunDir(run_dir).episodes()}
    assert {r["task"] for r in records.values()} == planned  # every episode recorded
    assert records["barman"]["status"] == "context" and records["barman"]["steps"] == 0
    assert records["blockworld"]["status"] == "finished" and records["blockworld"]["steps"] == 3
    summary = json.loads((run_dir / "summary.json").read_text())
    # exactly one request was over the window: barman's, which taught it; none after
    assert summary["context"]["context_rejected"] == 1 and summary["context"]["episodes_ended"] == 1
    assert summary["llm"]["run"]["calls"] == 3
    assert not any(r.get("status") == "llm_error" for r in records.values())
