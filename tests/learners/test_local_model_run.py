"""A real run with the embedded local model on a tiny task set, then the same run replayed from
its cassette gives the same episodes. Kept to a few LLM calls (CI runs it on two cores)."""

from __future__ import annotations

import importlib.util

import pytest

from learnact_engine.cli import main
from learnact_engine.learners.context import Settings
from learnact_engine.learners.run import RunOptions, execute_run
from learnact_engine.run_dir import RunDir

from .doubles import GripperEnv

pytestmark = [pytest.mark.slow, pytest.mark.llm_local]

TINY = dict(train_per_type=1, select_per_type=0, test_per_type=1, samples=1, iterations=0,
            learn_max_steps=2, max_steps=2, code_tokens=96, validity_tries=1)


def outcome(run_dir):
    return [(r["phase"], r["task"], r["success"], [s["action"] for s in r["trajectory"]])
            for r in RunDir(run_dir).episodes()]


def test_local_model_learnact_run_and_replay(tmp_path):
    settings = Settings.for_domain("robotic_planning", method="learnact", **TINY)
    summary = execute_run(RunOptions(settings, llm="local", run_dir=tmp_path / "live", env_factory=GripperEnv))
    assert summary["episodes"] == 1
    assert summary["llm"]["run"]["calls"] > 0
    episodes = RunDir(tmp_path / "live").episodes()
    assert any(r["phase"] == "test" for r in episodes)
    # grammar-constrained decoding: every agent action is a call of a known action
    for record in episodes:
        for step in record["trajectory"]:
            assert step["kind"] in ("primitive", "learned"), step
    replay = RunOptions(settings, llm=f"replay:{tmp_path / 'live' / 'llm-cache'}", run_dir=tmp_path / "replayed",
                        env_factory=GripperEnv)
    assert execute_run(replay)["successes"] == summary["successes"]
    assert outcome(tmp_path / "replayed") == outcome(tmp_path / "live")


@pytest.mark.skipif(importlib.util.find_spec("learnact_engine.envs.robotic_planning.env") is None,
                    reason="the Robotic Planning env is not in this checkout")
def test_local_model_cli_on_robotic_planning(tmp_path, capsys):
    run_dir = tmp_path / "cli"
    code = main(["learn", "--domain", "robotic_planning", "--method", "act", "--types", "gripper", "--quiet",
                 "--test-per-type", "1", "--max-steps", "2", "--run-dir", str(run_dir)])
    assert code == 0
    assert f"Report: {run_dir / 'report.md'}" in capsys.readouterr().out
