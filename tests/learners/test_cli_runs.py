"""The CLI wiring (learn, eval, report), a recorded run replayed, and a killed run resumed.

The env and the LLM backend are the test doubles, plugged in where the product looks them up
(the domain registry and the LLM factory's backend); the cassette, run directory, sandbox,
report and commands are the real ones."""

from __future__ import annotations

import json

import pytest

import learnact_engine.envs.registry as registry
import learnact_engine.llm.factory as factory
from learnact_engine.cli import main
from learnact_engine.run_dir import RunDir

from .doubles import ScriptedLLM

SMALL = ["--domain", "robotic_planning", "--llm", "openai:scripted", "--no-grammar", "--quiet",
         "--test-per-type", "2", "--samples", "1", "--iterations", "1", "--learn-max-steps", "3"]


@pytest.fixture
def doubles(monkeypatch):
    monkeypatch.setitem(registry.DOMAINS, "robotic_planning", "tests.learners.doubles:GripperEnv")
    real = factory.make_backend
    made: list[ScriptedLLM] = []

    def make_backend(spec, options=None):
        if spec == "openai:scripted":
            made.append(ScriptedLLM())
            return made[-1]
        return real(spec, options)

    monkeypatch.setattr(factory, "make_backend", make_backend)
    return made


def episodes(run_dir):
    return RunDir(run_dir).episodes()


def outcome(run_dir):
    return [(r["phase"], r["task"], r.get("round"), r.get("candidate"), r["success"], r["steps"],
             [s["action"] for s in r["trajectory"]]) for r in episodes(run_dir)]


def test_learn_eval_report_and_replay(tmp_path, doubles, capsys):
    first = tmp_path / "learn"
    assert main(["learn", *SMALL, "--run-dir", str(first)]) == 0
    out = capsys.readouterr().out
    assert f"Report: {first / 'report.md'}" in out and "2/2 test episodes" in out
    report = (first / "report.md").read_text()
    assert "| learnact | robotic_planning | gripper | 2/2 (100%) |" in report
    assert (first / "report-learning-curve.png").is_file()
    assert (first / "llm-cache").is_dir()

    # the recorded run replayed from its cassette gives the same episodes, without the backend
    calls_before = len(doubles[0].calls)
    replayed = tmp_path / "replayed"
    assert main(["learn", *SMALL, "--llm", f"replay:{first / 'llm-cache'}", "--run-dir", str(replayed)]) == 0
    assert len(doubles) == 1 and len(doubles[0].calls) == calls_before
    assert outcome(replayed) == outcome(first)

    # eval of the learned artifact, and a baseline beside it in one report
    tested = tmp_path / "eval"
    assert main(["eval", *SMALL, "--method", "learnact", "--from-run", str(first), "--run-dir", str(tested)]) == 0
    assert {r["phase"] for r in episodes(tested)} == {"test"}
    act = tmp_path / "act"
    assert main(["eval", *SMALL, "--method", "act", "--run-dir", str(act)]) == 0
    capsys.readouterr()
    assert main(["report", str(first), str(act), "--out", str(tmp_path / "both.md")]) == 0
    both = (tmp_path / "both.md").read_text()
    assert "| act | robotic_planning | gripper |" in both and "| learnact | robotic_planning | gripper |" in both


def test_usage_errors(tmp_path, doubles, capsys):
    assert main(["learn", *SMALL, "--resume"]) == 2
    assert main(["eval", *SMALL, "--method", "act", "--from-run", str(tmp_path)]) == 2
    assert main(["learn", *SMALL, "--types", "nosuchtype", "--run-dir", str(tmp_path / "x")]) == 2
    assert "unknown task type" in capsys.readouterr().err
    assert main(["learn", *SMALL, "--learner-llm", "bogus", "--run-dir", str(tmp_path / "y")]) == 2
    assert "--learner-llm: unknown LLM spec" in capsys.readouterr().err and not (tmp_path / "y").exists()
    assert main(["learn", *SMALL, "--max-output-tokens", "0", "--run-dir", str(tmp_path / "z")]) == 2


def test_killed_run_resumes_without_redoing_finished_episodes(tmp_path, doubles, monkeypatch):
    run_dir = tmp_path / "run"
    original = ScriptedLLM.complete_request

    def dying(self, request):  # the "kill" comes in the middle of learning, at the first revision
        if request.messages[-1][1].rstrip().endswith("Failed reason:"):
            raise KeyboardInterrupt  # a failed request would not stop the run (it loses one sample)
        return original(self, request)

    monkeypatch.setattr(ScriptedLLM, "complete_request", dying)
    assert main(["learn", *SMALL, "--run-dir", str(run_dir)]) == 130
    done_before = episodes(run_dir)
    assert done_before and not (run_dir / "summary.json").exists()
    # a torn line from the kill is ignored
    with open(run_dir / "episodes.jsonl", "a") as handle:
        handle.write('{"key": "torn')

    monkeypatch.setattr(ScriptedLLM, "complete_request", original)
    assert main(["learn", *SMALL, "--run-dir", str(run_dir)]) == 2  # refuses to overwrite without --resume
    assert main(["learn", *SMALL, "--run-dir", str(run_dir), "--resume"]) == 0
    after = episodes(run_dir)
    keys = [r["key"] for r in after]
    assert len(keys) == len(set(keys))  # nothing redone
    assert after[: len(done_before)] == done_before
    assert json.loads((run_dir / "summary.json").read_text())["successes"] == 2
    fresh = tmp_path / "fresh"
    assert main(["learn", *SMALL, "--run-dir", str(fresh)]) == 0
    assert outcome(fresh) == [o for o in outcome(run_dir)]
