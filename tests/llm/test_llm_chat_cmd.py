"""`learnact-engine chat` against the loopback OpenAI-compatible server and a cassette."""

from __future__ import annotations

import json

from scripted_server import error, ok

from learnact_engine.cli import main


def chat(*argv: str) -> int:
    return main(["chat", *argv])


def test_chat_json_reports_text_usage_latency_and_cost(openai_server, capsys):
    openai_server.script = [ok("pong")]
    code = chat("ping", "--llm", "openai:gpt-4o-mini", "--base-url", openai_server.base_url,
                "--api-key", "k", "--system", "answer pong", "--json", "--max-tokens", "5")
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] == "pong" and out["cached"] is False
    assert out["usage"] == {"prompt_tokens": 11, "completion_tokens": 3, "total_tokens": 14}
    assert out["latency_s"] > 0 and out["cost_usd"] > 0
    assert out["backend"]["backend"] == "openai" and "api_key" not in out["backend"]
    body = openai_server.requests[0]["body"]
    assert body["messages"][0] == {"role": "system", "content": "answer pong"} and body["max_tokens"] == 5


def test_chat_plain_output_and_cassette(openai_server, tmp_path, capsys):
    args = ["ping", "--llm", "openai:gpt-4o-mini", "--base-url", openai_server.base_url, "--api-key", "k",
            "--cache-dir", str(tmp_path)]
    assert chat(*args) == 0
    first = capsys.readouterr()
    assert first.out.strip() == "ok" and "cached=no" in first.err and "prompt_tokens=11" in first.err
    assert chat(*args) == 0
    assert "cached=yes" in capsys.readouterr().err
    assert chat("ping", "--llm", f"replay:{tmp_path}") == 0
    assert capsys.readouterr().out.strip() == "ok"
    assert len(openai_server.requests) == 1


def test_chat_errors(openai_server, tmp_path, capsys):
    assert chat("x", "--llm", "gpt-4") == 2
    assert "unknown LLM spec" in capsys.readouterr().err
    openai_server.script = [error(401, "invalid api key")]
    assert chat("x", "--llm", "openai:m", "--base-url", openai_server.base_url, "--api-key", "bad") == 1
    assert "authentication failed" in capsys.readouterr().err
    tmp_path.joinpath("empty").mkdir()
    assert chat("x", "--llm", f"replay:{tmp_path / 'empty'}") == 1
    assert "replay miss" in capsys.readouterr().err
    assert chat("x", "--llm", "local:/nope/model.gguf") == 2
    assert "not found" in capsys.readouterr().err
