"""The whole LearnAct loop at unit level: creation (with a repaired first reply) -> failure ->
revision -> improvement, with a scripted LLM, the real restricted sandbox and a gripper game."""

from __future__ import annotations

import json

import pytest

from learnact_engine.actions.store import list_rounds, load_round
from learnact_engine.learners.context import EnvPool, RunContext, Settings
from learnact_engine.learners.learnact import TypeLearner
from learnact_engine.learners.protocol import plan_tasks
from learnact_engine.learners.run import RunOptions, execute_run
from learnact_engine.run_dir import RunDir
from learnact_engine.sandbox import Limits, open_sandbox

from .doubles import GripperEnv, ScriptedLLM, scripted_llm


@pytest.fixture(scope="module")
def sandbox():
    box = open_sandbox("restricted", Limits(wall_seconds=10), pool_size=2)
    yield box
    box.close()


def small_settings(**overrides):
    values = dict(train_per_type=1, select_per_type=0, samples=1, iterations=2, learn_max_steps=3,
                  max_steps=5, constrain=False)
    values.update(overrides)
    return Settings.for_domain("robotic_planning", preset="clean", **values)


def test_creation_failure_revision_improvement(sandbox, tmp_path):
    settings = small_settings()
    llm = scripted_llm()
    run = RunDir.create(tmp_path / "run", {"settings": settings.to_dict()})
    ctx = RunContext(settings, llm, EnvPool(GripperEnv), sandbox, run=run)
    with ctx.envs.env() as env:
        plan = plan_tasks(env, settings)
    learner = TypeLearner(ctx, plan, "gripper")
    spec = learner.run()

    kinds = llm.inner.kinds
    # creation: the first reply raised NameError in the sandbox and was repaired with the traceback
    assert kinds[:2] == ["creation", "repair"]
    repair_request = llm.inner.calls[1]
    assert "Failed to execute the code due to the error" in repair_request.messages[-1][1]
    assert "NameError" in repair_request.messages[-1][1]
    assert "revision" in kinds

    first, second = learner.rounds[0], learner.rounds[1]
    # round 0: the created action fails at the drop (wrong arm): no success, a revision is asked for
    assert first["stop"] is None
    assert first["candidates"][0]["train_success"] == [False]
    # round 1: [previous best, revised]; the revision wins and succeeds; no failed call -> stop
    assert [c["origin"] for c in second["candidates"]] == ["best", "revision 0 (update)"]
    assert second["best"] == 1
    assert second["candidates"][1]["train_success"] == [True]
    assert second["candidates"][1]["score"]["value"] > second["candidates"][0]["score"]["value"]
    assert second["stop"] == "no failed learned-action call"
    assert len(learner.rounds) == 2

    # the failing step's primitive sub-trajectory, the named function, the game's two worked
    # revisions and the generality reminder reached the revision prompt
    revision_prompt = next(c for c, k in zip(llm.inner.calls, kinds) if k == "revision").messages[-1][1]
    real = revision_prompt.rsplit("Now the real failure.", 1)[1]
    assert "drop ball1 roomb right" in real and "The action is not valid" in real
    assert "`carry_ball`" in revision_prompt and "Keep every action general" in revision_prompt
    assert "Example 1:" in revision_prompt and "Improve: Plan:" in revision_prompt
    # single mode keeps the initial observation when the first step failed
    assert "Observation: Robby is at rooma. ball1 is at rooma.\nAction: carry_ball(" in real

    # rounds on disk with provenance; the final library is the fixed one
    folder = run.path / "learn" / "gripper"
    assert list_rounds(folder) == [0, 1]
    final = load_round(folder, 1)
    assert 'drop(ball, room2, "left")' in final.library["carry_ball"].source
    change = final.change_for("carry_ball")
    assert change is not None and change.provenance.task == "gripper/t1" and change.provenance.step == 0
    assert final.library["carry_ball"].description == "Carry a ball from room1 to room2 with a gripper."
    assert spec.library.hash == final.library.hash
    # every learning episode is in episodes.jsonl
    phases = [json.loads(line)["phase"] for line in (run.path / "episodes.jsonl").read_text().splitlines()]
    assert phases and set(phases) == {"learn"}


def test_plan_note_revision_keeps_code(sandbox):
    settings = small_settings(iterations=1)
    inner = ScriptedLLM()
    original = inner._answer

    def answer(prompt, first_user, request):
        if prompt.rstrip().endswith("Failed reason:"):
            return "revision", " wrong arm.\nImprove: Plan: carry_ball\nContent: Drop with the arm you picked with."
        return original(prompt, first_user, request)

    inner._answer = answer
    from learnact_engine.llm.accounting import MeteredLLM

    ctx = RunContext(settings, MeteredLLM(inner), EnvPool(GripperEnv), sandbox)
    with ctx.envs.env() as env:
        plan = plan_tasks(env, settings)
    learner = TypeLearner(ctx, plan, "gripper")
    learner.run()
    revised = learner.rounds[1]["candidates"][1]
    assert revised["origin"] == "revision 0 (plan)"
    # the note reaches the agent's prompt
    agent_prompts = [c.messages[-1][1] for c, k in zip(inner.calls, inner.kinds) if k == "agent"]
    assert any("Drop with the arm you picked with." in p for p in agent_prompts)


def test_learnact_end_to_end_run_and_resume(tmp_path):
    settings = small_settings(test_per_type=2)
    options = RunOptions(settings, llm="scripted", run_dir=tmp_path / "run", llm_factory=scripted_llm,
                         env_factory=GripperEnv)
    summary = execute_run(options)
    assert summary["episodes"] == 2 and summary["successes"] == 2
    artifact = json.loads((tmp_path / "run" / "artifact.json").read_text())
    assert artifact["types"]["gripper"]["round"] == 1

    # a resumed run redoes nothing: the LLM is asked nothing, the file gains no line
    lines_before = (tmp_path / "run" / "episodes.jsonl").read_text().count("\n")
    counting = scripted_llm()
    options = RunOptions(settings, llm="scripted", run_dir=tmp_path / "run", resume=True,
                         llm_factory=lambda: counting, env_factory=GripperEnv)
    again = execute_run(options)
    assert again["successes"] == 2
    agent_calls = [k for k in counting.inner.kinds if k == "agent"]
    assert agent_calls == []
    assert (tmp_path / "run" / "episodes.jsonl").read_text().count("\n") == lines_before
