"""Every method through the Python API on the gripper game with the scripted LLM."""

from __future__ import annotations

import json

import pytest

from learnact_engine.learners.context import Settings
from learnact_engine.learners.run import RunOptions, execute_run

from .doubles import GripperEnv, scripted_llm


def run_method(tmp_path, method, **overrides):
    values = dict(method=method, train_per_type=1, select_per_type=0, samples=1, iterations=1,
                  learn_max_steps=4, max_steps=6, test_per_type=2, constrain=False)
    values.update(overrides)
    settings = Settings.for_domain("robotic_planning", preset="clean", **values)
    llm = scripted_llm()
    options = RunOptions(settings, llm="scripted", run_dir=tmp_path / method, llm_factory=lambda: llm,
                         env_factory=GripperEnv)
    return execute_run(options), llm, tmp_path / method


@pytest.mark.parametrize("method", ["act", "react", "code_as_policy", "act_reflexion", "react_reflexion"])
def test_baseline_solves_the_game(tmp_path, method):
    summary, llm, run_dir = run_method(tmp_path, method)
    assert summary["method"] == method
    assert summary["episodes"] == 2 and summary["successes"] == 2
    records = [json.loads(line) for line in (run_dir / "episodes.jsonl").read_text().splitlines()]
    tests = [r for r in records if r["phase"] == "test"]
    assert {r["task"] for r in tests} == {"gripper/x1", "gripper/x2"}
    if method == "react":
        assert tests[0]["trajectory"][0]["kind"] == "think"
    if method == "code_as_policy":
        assert tests[0]["steps"] == 3 and tests[0]["program_status"] == "ok"
        assert llm.inner.kinds.count("program") == 2
    if method.endswith("reflexion"):
        assert (run_dir / "learn" / "gripper" / "reflexion.json").is_file()


def test_reflexion_learns_a_reflection_from_a_failure(tmp_path):
    # with 2 steps the training task fails, so a reflection is written and shown at test time
    summary, llm, run_dir = run_method(tmp_path, "act_reflexion", learn_max_steps=2)
    learned = json.loads((run_dir / "learn" / "gripper" / "reflexion.json").read_text())
    assert learned["reflections"] == ["Pick the ball, move, then drop it with the same arm."]
    test_prompts = [c.messages[-1][1] for c, k in zip(llm.inner.calls, llm.inner.kinds) if k == "agent"]
    assert any("Your action should follow this high level plan: Pick the ball" in p for p in test_prompts)


def test_learnact_beats_its_first_round_and_is_tested_with_its_library(tmp_path):
    summary, llm, run_dir = run_method(tmp_path, "learnact")
    assert summary["successes"] == 2
    tests = [json.loads(line) for line in (run_dir / "episodes.jsonl").read_text().splitlines()]
    tests = [r for r in tests if r["phase"] == "test"]
    assert all(r["trajectory"][0]["kind"] == "learned" for r in tests)
    assert (run_dir / "summary.json").is_file() and (run_dir / "config.json").is_file()
