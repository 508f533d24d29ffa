"""Whole runs at length: `learnact-engine learn` on the real Robotic Planning env through `openai:`
against the scripted loopback server, which counts every prompt and rejects the ones over its window
(as OpenAI and llama.cpp servers do). One prompt that cannot fit ends one episode (`context`), never
the run; spend limits stop a run cleanly and a higher limit resumes it."""

from __future__ import annotations

import json

import pytest

from learnact_engine.cli import main
from learnact_engine.run_dir import RunDir

RUN = ["learn", "--domain", "robotic_planning", "--method", "act", "--quiet", "--test-per-type", "1"]


@pytest.fixture
def served(openai_server, monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", openai_server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    return openai_server


def test_run_goes_on_past_prompts_that_do_not_fit(tmp_path, served, capsys):
    served.window_tokens = 2300  # the client does not know it: it starts from its default (4096)
    run_dir = tmp_path / "run"
    code = main([*RUN, "--llm", "openai:served-model", "--types", "barman", "tyreworld", "--max-steps", "10",
                 "--run-dir", str(run_dir)])
    assert code == 0, capsys.readouterr().err
    config = json.loads((run_dir / "config.json").read_text())
    assert config["context"]["agent"]["tokens"] == 4096 and config["context"]["agent"]["source"] == "default"
    records = {r["task_type"]: r for r in RunDir(run_dir).episodes()}
    assert set(records) == {"barman", "tyreworld"}  # every planned episode recorded
    # barman's instruction, example and goal alone exceed the window: sent once (the window was only
    # a guess), rejected, and then known not to fit: that episode ends, clearly
    assert records["barman"]["status"] == "context" and records["barman"]["steps"] == 0
    assert "over its budget" in records["barman"]["problem"]
    # tyreworld runs all its steps; its history is trimmed to the learned window
    assert records["tyreworld"]["status"] == "finished" and records["tyreworld"]["steps"] == 10
    assert records["tyreworld"]["context"]["context_trimmed"] > 0
    # one rejection taught the window; no accepted request was over it
    assert served.rejected == 1
    assert all(r["prompt_tokens"] + 1 <= 2300 for r in served.requests)
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["context"]["context_rejected"] == 1 and summary["context"]["episodes_ended"] == 1
    # the server's "ok" is no action: every agent step is counted as an unparseable reply
    assert summary["reply_problems"] == {"empty": 0, "length": 0, "unparseable": 10, "refusal": 0}
    report = (run_dir / "report.md").read_text()
    assert "unparseable 10" in report
    # the run replays exactly from its cassette: the same trimmed prompts, the same "context" ending
    replayed = tmp_path / "replayed"
    assert main([*RUN, "--llm", f"replay:{run_dir / 'llm-cache'}", "--types", "barman", "tyreworld", "--max-steps",
                 "10", "--run-dir", str(replayed)]) == 0, capsys.readouterr().err
    def outcome(path):
        return [(r["task"], r["status"], [s["action"] for s in r["trajectory"]]) for r in RunDir(path).episodes()]
    assert outcome(replayed) == outcome(run_dir)


def test_spend_limits_stop_cleanly_and_resume_with_a_higher_limit(tmp_path, served, capsys):
    served.window_tokens = 100_000  # real usage figures from the server, no rejection
    run_dir = tmp_path / "run"
    base = [*RUN, "--llm", "openai:gpt-4o-mini", "--types", "gripper", "blockworld", "--max-steps", "6",
            "--run-dir", str(run_dir)]
    # about 1,100 prompt tokens a call at $0.15/M plus a reserved reply: the limit is hit within the first episode or two
    assert main([*base, "--max-cost", "0.002"]) == 1
    err = capsys.readouterr().err
    assert "cost limit reached" in err and "--resume" in err
    spent = json.loads((run_dir / "spend.json").read_text())
    assert 0 < spent["cost_usd"] <= 0.002  # never passed
    assert not (run_dir / "summary.json").exists()
    finished = RunDir(run_dir).episodes()
    calls_before = len(served.requests)
    assert main([*base, "--max-cost", "1", "--resume"]) == 0
    summary = json.loads((run_dir / "summary.json").read_text())
    after = RunDir(run_dir).episodes()
    assert after[: len(finished)] == finished  # finished episodes kept, not redone
    assert {r["task_type"] for r in after} == {"gripper", "blockworld"}
    assert summary["spend"]["spent"]["cost_usd"] > spent["cost_usd"]  # carried over, then added to
    assert summary["spend"]["spent"]["calls"] == len(served.requests)
    assert len(served.requests) > calls_before


def test_token_limit_stops_before_any_call_it_would_pass(tmp_path, served, capsys):
    served.window_tokens = 100_000
    run_dir = tmp_path / "run"
    assert main([*RUN, "--llm", "openai:served-model", "--types", "gripper", "--max-steps", "6",
                 "--max-tokens", "3000", "--run-dir", str(run_dir)]) == 1
    assert "token limit reached" in capsys.readouterr().err
    spent = json.loads((run_dir / "spend.json").read_text())
    assert 0 < spent["tokens"] <= 3000
    assert main([*RUN, "--llm", "openai:served-model", "--types", "gripper", "--max-steps", "6",
                 "--max-tokens", "0", "--run-dir", str(tmp_path / "bad")]) == 2  # a usage error


def test_learner_prompts_are_shortened_to_the_window(tmp_path, served, capsys):
    served.window_tokens = 1000  # smaller than the creation prompt with its example trajectory
    run_dir = tmp_path / "run"
    code = main(["learn", "--domain", "robotic_planning", "--method", "learnact", "--quiet", "--test-per-type", "1",
                 "--llm", "openai:served-model", "--types", "gripper", "--samples", "1", "--iterations", "0",
                 "--max-steps", "3", "--learn-max-steps", "3", "--run-dir", str(run_dir)])
    assert code == 0, capsys.readouterr().err
    creation = [r for r in served.requests if "Now write" in r["body"]["messages"][-1]["content"]
                or any("earlier step" in m["content"] for m in r["body"]["messages"])]
    assert creation and all(r["prompt_tokens"] + 1 <= 1000 for r in served.requests)
    first = creation[0]["body"]["messages"]
    assert any("earlier step" in m["content"] and "omitted]" in m["content"] for m in first)  # oldest steps cut
    summary = json.loads((run_dir / "summary.json").read_text())
    learner = summary["llm_by_role"]["learner"]["context"]
    assert learner["context_rejected"] == 1 and learner["context_trimmed"] >= 1
    # the agent's own prompt cannot fit 1,000 tokens: the test episode ends with "context", the run finishes
    assert [r["status"] for r in RunDir(run_dir).episodes()] == ["context"]
