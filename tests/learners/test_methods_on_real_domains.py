"""Every method runs from the CLI on both real domains (the real envs, sandbox, run directory and
report; only the LLM is the scripted test double, plugged in where the factory makes backends).
Success is not the point here (the script is written for a gripper game): that each method's
whole path runs on each domain's real engine is."""

from __future__ import annotations

import pytest

import learnact_engine.llm.factory as factory
from learnact_engine.cli import main
from learnact_engine.run_dir import RunDir

from .doubles import ScriptedLLM

METHODS = ["act", "react", "act_reflexion", "react_reflexion", "code_as_policy", "learnact"]
FAST = ["--llm", "openai:scripted", "--no-grammar", "--quiet", "--test-per-type", "1", "--samples", "1",
        "--iterations", "1", "--max-steps", "3", "--learn-max-steps", "2"]


@pytest.fixture
def scripted_llm(monkeypatch):
    real = factory.make_backend
    monkeypatch.setattr(factory, "make_backend",
                        lambda spec, options=None: ScriptedLLM() if spec == "openai:scripted" else real(spec, options))


def _check_run(run_dir, method, domain):
    episodes = RunDir(run_dir).episodes()
    tests = [e for e in episodes if e["phase"] == "test"]
    assert tests, f"{method} on {domain} recorded no test episode"
    assert all(1 <= e["steps"] <= 3 or method == "code_as_policy" for e in tests)
    report = (run_dir / "report.md").read_text()
    assert f"| {method} | {domain} |" in report


@pytest.mark.parametrize("method", METHODS)
def test_method_runs_on_robotic_planning(tmp_path, scripted_llm, method):
    run_dir = tmp_path / method
    code = main(["learn", "--domain", "robotic_planning", "--method", method, "--types", "gripper",
                 *FAST, "--run-dir", str(run_dir)])
    assert code == 0
    _check_run(run_dir, method, "robotic_planning")


@pytest.mark.alfworld
@pytest.mark.parametrize("method", METHODS)
def test_method_runs_on_alfworld(tmp_path, scripted_llm, shared_data, method):
    run_dir = tmp_path / method
    code = main(["learn", "--domain", "alfworld", "--method", method, "--types", "put",
                 "--data-dir", str(shared_data / "alfworld" / "json_2.1.1"), *FAST, "--run-dir", str(run_dir)])
    assert code == 0
    _check_run(run_dir, method, "alfworld")
