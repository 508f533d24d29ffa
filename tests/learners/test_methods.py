"""Every method through the Python API on the gripper game with the scripted LLM, which reads the
prompt (instruction, examples, plan lines, notes, the failure it must fix), so a prompt that loses
what a stage needs makes one of these fail."""

from __future__ import annotations

import json

import pytest

from learnact_engine.learners import episode as episode_module
from learnact_engine.learners import prompts as prompts_module
from learnact_engine.learners.context import Settings
from learnact_engine.learners.run import RunOptions, execute_run

from .doubles import REFLECTION, GripperEnv, scripted_llm


def run_method(tmp_path, method, llm=None, name=None, learner=None, **overrides):
    values = dict(method=method, train_per_type=1, select_per_type=0, samples=1, iterations=1,
                  learn_max_steps=4, max_steps=6, test_per_type=2, constrain=False)
    values.update(overrides)
    preset = values.pop("preset", "clean")
    settings = Settings.for_domain("robotic_planning", preset=preset, **values)
    llm = llm or scripted_llm()
    run_dir = tmp_path / (name or method)
    options = RunOptions(settings, llm="scripted", run_dir=run_dir, llm_factory=lambda: llm,
                         learner_llm_factory=(lambda: learner) if learner is not None else None,
                         env_factory=GripperEnv)
    return execute_run(options), llm, run_dir


def episodes(run_dir, phase=None):
    records = [json.loads(line) for line in (run_dir / "episodes.jsonl").read_text().splitlines()]
    return [r for r in records if phase is None or r["phase"] == phase]


@pytest.mark.parametrize("method", ["act", "react", "code_as_policy", "act_reflexion", "react_reflexion"])
def test_baseline_solves_the_game(tmp_path, method):
    summary, llm, run_dir = run_method(tmp_path, method)
    assert summary["method"] == method
    assert summary["episodes"] == 2 and summary["successes"] == 2
    tests = episodes(run_dir, "test")
    assert {r["task"] for r in tests} == {"gripper/x1", "gripper/x2"}
    if method.startswith("react"):  # the ReAct examples' Think lines taught the format
        assert tests[0]["trajectory"][0]["kind"] == "think"
    if method == "code_as_policy":  # the hierarchical example: the program defines and calls a helper
        assert tests[0]["program_status"] == "ok" and "def carry_ball" in tests[0]["program"]
        assert llm.inner.kinds.count("program") == 2
    if method.endswith("reflexion"):
        assert (run_dir / "learn" / "gripper" / "reflexion.json").is_file()


def test_agent_without_instruction_or_example_fails(tmp_path, monkeypatch):
    # a broken prompt (no game instruction, no primitive docs) fails: the double reads the prompt
    monkeypatch.setattr(episode_module, "base_instruction", lambda domain, task_type: None)
    monkeypatch.setattr(prompts_module, "primitive_lines", lambda primitives: [])
    summary, _llm, _run_dir = run_method(tmp_path, "act")
    assert summary["successes"] == 0


def test_reflexion_learns_a_multiline_reflection_that_the_agent_follows(tmp_path):
    # 3 steps: only enough when the agent drops from the right arm at once
    baseline, _llm, _dir = run_method(tmp_path, "act", name="act", max_steps=3)
    assert baseline["successes"] == 0
    summary, llm, run_dir = run_method(tmp_path, "act_reflexion", learn_max_steps=3, max_steps=3)
    learned = json.loads((run_dir / "learn" / "gripper" / "reflexion.json").read_text())
    assert learned["reflections"] == [REFLECTION] and "\n" in REFLECTION
    test_prompts = [c.messages[-1][1] for c, k in zip(llm.inner.calls, llm.inner.kinds) if k == "agent"]
    assert any("Your action should follow this high level plan: " + REFLECTION in p for p in test_prompts)
    assert summary["successes"] == 2
    # the reflection prompt carried the game's one-shot and the failed trajectory
    reflection_prompt = next(c for c, k in zip(llm.inner.calls, llm.inner.kinds) if k == "reflection").messages[-1][1]
    assert "Ball1 is a ball." in reflection_prompt and 'drop("ball1", "roomb", "right")' in reflection_prompt


def test_learnact_improves_on_round_0_and_is_tested_with_its_library(tmp_path):
    summary, llm, run_dir = run_method(tmp_path, "learnact")
    rounds = sorted((run_dir / "learn" / "gripper").glob("round-*.json"))
    first, last = (json.loads(p.read_text()) for p in (rounds[0], rounds[-1]))
    assert first["round"] == 0 and last["round"] > 0
    selected = lambda entry: entry["candidates"][entry["best"]]  # noqa: E731
    assert selected(first)["train_success"] == [False]
    assert selected(last)["train_success"] == [True]
    assert selected(last)["score"]["value"] > selected(first)["score"]["value"]
    assert summary["successes"] == 2
    assert all(r["trajectory"][0]["kind"] == "learned" for r in episodes(run_dir, "test"))
    assert (run_dir / "summary.json").is_file() and (run_dir / "config.json").is_file()


def test_learnact_plan_note_reaches_the_agent(tmp_path):
    summary, llm, run_dir = run_method(tmp_path, "learnact", llm=scripted_llm(revision_mode="plan"))
    agent_prompts = [c.messages[-1][1] for c, k in zip(llm.inner.calls, llm.inner.kinds) if k == "agent"]
    assert any("Here are the notes on the actions:" in p and 'gripper "right"' in p for p in agent_prompts)
    assert summary["successes"] == 2  # the agent followed the note


def test_a_broken_revision_prompt_learns_nothing(tmp_path, monkeypatch):
    from learnact_engine.learners import learnact_prompts

    real = learnact_prompts.revision_prompt
    monkeypatch.setattr(learnact_prompts, "revision_prompt",
                        lambda **kw: real(**{**kw, "sub_trajectory": [], "failing": None}))
    summary, _llm, _run_dir = run_method(tmp_path, "learnact")
    assert summary["successes"] == 0


def test_a_cut_off_reply_is_reported_as_such_and_counted(tmp_path):
    summary, llm, run_dir = run_method(tmp_path, "learnact", llm=scripted_llm(cut_first_creation=True))
    repair = llm.inner.calls[1].messages[-1][1]
    assert "your reply was cut off" in repair and "SyntaxError" not in repair
    assert summary["truncated_replies"] == {"creation": 1}
    assert "replies cut off by the output-token cap: creation 1" in (run_dir / "report.md").read_text() \
        if (run_dir / "report.md").exists() else True


def test_api_backends_get_generous_output_caps(tmp_path):
    _summary, llm, _run_dir = run_method(tmp_path, "learnact")
    caps = {(k, c.max_tokens) for c, k in zip(llm.inner.calls, llm.inner.kinds)}
    assert ("agent", 1024) in caps and ("description", 1024) in caps and ("usage", 2048) in caps
    # code stages: 4096, less only where the model's context window leaves less room (never the local 400)
    assert all(cap > 1000 for kind, cap in caps if kind in ("creation", "repair", "revision"))
    _summary, llm, _run_dir = run_method(tmp_path, "act", name="capped", max_output_tokens=77)
    assert {c.max_tokens for c in llm.inner.calls} == {77}


def test_code_as_policy_rejects_a_program_that_calls_nothing(tmp_path):
    summary, _llm, run_dir = run_method(tmp_path, "code_as_policy", llm=scripted_llm(program_mode="defines_only"))
    assert summary["successes"] == 0
    record = episodes(run_dir, "test")[0]
    assert record["program_status"] == "rejected" and "calls none" in record["feedback"]
    assert record["steps"] == 0


def test_learner_and_agent_are_separate_roles(tmp_path):
    agent, learner = scripted_llm(), scripted_llm()
    summary, _llm, run_dir = run_method(tmp_path, "learnact", llm=agent, learner=learner)
    assert set(agent.inner.kinds) == {"agent"}
    assert "agent" not in learner.inner.kinds and {"creation", "revision", "usage"} <= set(learner.inner.kinds)
    roles = summary["llm_by_role"]
    assert roles["agent"]["run"]["calls"] == len(agent.inner.calls)
    assert roles["learner"]["run"]["calls"] == len(learner.inner.calls)
    assert summary["llm"]["run"]["calls"] == len(agent.inner.calls) + len(learner.inner.calls)
    config = json.loads((run_dir / "config.json").read_text())
    assert config["settings"]["llm"] == "scripted" and config["settings"]["learner_llm"] == "scripted"


def test_summary_has_progress_rates_per_type_and_repeat(tmp_path):
    summary, _llm, _run_dir = run_method(tmp_path, "act", repeats=2)
    assert summary["progress_rate"] == 1.0
    assert summary["by_type"]["gripper"]["progress_rate"] == 1.0
    assert set(summary["by_repeat"]) == {"0", "1"} and summary["by_repeat"]["1"]["episodes"] == 2
    assert summary["by_repeat"]["1"]["by_type"]["gripper"]["progress_rate"] == 1.0
