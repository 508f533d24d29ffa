"""The paper preset's protocol: one independent learning run per repeat (each tested with its own
artifact), the reference's fixed ALFWorld training games, primitives returning None to learned
code in Robotic Planning, and a revision's test case run against the task that failed."""

from __future__ import annotations

import json

import pytest

from learnact_engine.actions import ActionLibrary
from learnact_engine.actions.store import Provenance
from learnact_engine.executor import Executor
from learnact_engine.learners import codegen
from learnact_engine.learners.context import EnvPool, RunContext, Settings
from learnact_engine.learners.learnact import Candidate, TypeLearner
from learnact_engine.learners.protocol import plan_tasks, reference_train
from learnact_engine.learners.run import RunOptions, execute_run
from learnact_engine.sandbox import Limits, open_sandbox

from .doubles import BUGGY_CREATION, INVALID, GripperEnv, scripted_llm


@pytest.fixture(scope="module")
def sandbox():
    box = open_sandbox("restricted", Limits(wall_seconds=10), pool_size=2)
    yield box
    box.close()


def test_paper_preset_learns_once_per_repeat_and_tests_each_on_its_own(tmp_path):
    settings = Settings.for_domain("robotic_planning", preset="paper", method="learnact", samples=1, iterations=1,
                                   learn_max_steps=4, max_steps=6, constrain=False)
    assert settings.repeats == 3 and settings.primitives_return is False
    llm = scripted_llm()
    summary = execute_run(RunOptions(settings, llm="scripted", run_dir=tmp_path / "run", llm_factory=lambda: llm,
                                     env_factory=GripperEnv))
    run = tmp_path / "run"
    for root in ("learn", "learn-r1", "learn-r2"):
        assert sorted(p.name for p in (run / root / "gripper").glob("round-*.json")), root
    artifact = json.loads((run / "artifact.json").read_text())
    assert len(artifact["repeats"]) == 3
    records = [json.loads(line) for line in (run / "episodes.jsonl").read_text().splitlines()]
    learn = [r for r in records if r["phase"] == "learn"]
    assert {r["repeat"] for r in learn} == {0, 1, 2}  # three learning runs, none reusing another's episodes
    assert len({r["key"] for r in learn}) == len(learn)
    assert set(summary["by_repeat"]) == {"0", "1", "2"}
    assert all(v["episodes"] == 5 for v in summary["by_repeat"].values())  # every task, training ones too
    assert summary["progress_rate"] is not None


def test_alfworld_paper_training_games_are_the_references():
    settings = Settings.for_domain("alfworld", preset="paper")
    tasks = [f"valid_unseen/pick_and_place_simple-Obj-{i:02d}/trial_1" for i in range(24)]
    assert reference_train(None, settings, "pick_and_place_simple", tasks) == [tasks[14], tasks[4], tasks[2]]
    # generated games (a train split) or too few games: no fixed choice
    assert reference_train(None, settings, "pick_and_place_simple", [t.replace("valid_unseen", "train") for t in tasks]) is None
    assert reference_train(None, settings, "pick_and_place_simple", tasks[:10]) is None
    assert reference_train(None, Settings.for_domain("alfworld"), "pick_and_place_simple", tasks) is None

    class Env:
        def splits(self):
            return {"valid_unseen": len(tasks)}

        def tasks(self, split):
            return list(tasks)

        def task_type(self, task):
            return "pick_and_place_simple"

        def canonical_task_type(self, name):
            return name

    plan = plan_tasks(Env(), settings)
    assert plan.train["pick_and_place_simple"] == [tasks[14], tasks[4], tasks[2]]
    assert len(plan.test) == 24  # the paper tests on every game


@pytest.mark.parametrize("preset", ["paper", "clean"])
def test_no_example_game_is_ever_planned(preset):
    """A generated set made with the examples' own seed holds the example games: they are dropped."""
    from learnact_engine.learners.material import example_games

    examples = sorted(example_games("alfworld"))
    assert examples
    tasks = [f"train/{g}" for g in examples] + [f"train/pick_and_place_simple-Obj-{i}/trial_G0_{i:05d}" for i in range(6)]

    class Env:
        def splits(self):
            return {"train": len(tasks)}

        def tasks(self, split):
            return list(tasks)

        def task_type(self, task):
            return "pick_and_place_simple"

        def canonical_task_type(self, name):
            return name

    plan = plan_tasks(Env(), Settings.for_domain("alfworld", preset=preset))
    planned = {t for t, _ in plan.test} | {t for ts in plan.train.values() for t in ts}
    planned |= {t for ts in plan.select.values() for t in ts}
    assert planned and all(t.startswith("train/pick_and_place_simple-Obj") for t in planned)


@pytest.mark.parametrize("returns,expected", [(True, 1), (False, 2)])
def test_primitives_return_none_to_learned_code_in_the_paper_preset(sandbox, returns, expected):
    source = '''```python
def probe(ball, room, gripper):
    seen = pick(ball, room, gripper)
    if seen is None:
        move("rooma", "roomb")
```'''
    library = ActionLibrary.parse(source, primitive_names=["pick", "move", "drop"]).library
    env = GripperEnv()
    _goal, observation = env.reset("gripper/t1")
    executor = Executor(env, sandbox, library, "final", primitives_return=returns)
    executor.start(observation)
    try:
        outcome = executor.execute('probe("ball1", "rooma", "left")')
    finally:
        executor.close()
    assert len(outcome.sub_trajectory) == expected
    assert outcome.sub_trajectory[0][1].startswith("Robby is at rooma")  # the env's words are still recorded


def test_a_revision_test_case_runs_against_the_task_that_failed(sandbox, monkeypatch):
    settings = Settings.for_domain("robotic_planning", train_per_type=3, select_per_type=0, samples=1,
                                   constrain=False)
    ctx = RunContext(settings, scripted_llm(), EnvPool(GripperEnv), sandbox)
    with ctx.envs.env() as env:
        plan = plan_tasks(env, settings)
    learner = TypeLearner(ctx, plan, "gripper")
    failing_task = learner.train[-1]
    assert failing_task != learner.train[0]
    checked: list[str] = []
    monkeypatch.setattr(codegen, "sandbox_check", lambda c, lib, code, task, seed: checked.append(task) or None)
    library = ActionLibrary.parse(BUGGY_CREATION, primitive_names=learner.primitive_names).library
    best = Candidate(library, "", Provenance(task=learner.train[0], reason="test"), "best")
    record = {"task": failing_task, "goal": "ball1 is at roomb.",
              "initial_observation": "Robby is at rooma. ball1 is at rooma.",
              "trajectory": [{"action": 'carry_ball("ball1", "rooma", "roomb", "left")', "observation": INVALID,
                              "kind": "learned", "name": "carry_ball",
                              "sub": [["pick up ball1 at rooma with arm left", "Robby is at rooma."],
                                      ["drop ball1 roomb right", INVALID]]}]}
    revised = learner.revise(best, (record, 0), 0)
    assert revised is not None and checked == [failing_task]
    assert 'drop(ball, room2, "left")' in revised.library["carry_ball"].source


@pytest.mark.parametrize("preset", ["clean", "paper"])
def test_expert_replay_is_an_option_never_on_a_scored_task(preset):
    from learnact_engine.learners.demonstrations import demonstration_for
    from learnact_engine.learners.protocol import scored_tasks

    settings = Settings.for_domain("robotic_planning", preset=preset, demo="expert")
    ctx = RunContext(settings, None, EnvPool(GripperEnv))
    with ctx.envs.env() as env:
        plan = plan_tasks(env, settings)
    demo = demonstration_for(ctx, "gripper", plan.train, scored_tasks(plan))
    if preset == "clean":  # a training task that is never tested: the expert's plan replayed there
        assert demo.goal == "ball1 is at roomb." and demo.steps[-1][0] == 'drop("ball1", "roomb", "left")'
    else:  # the paper preset tests every task: no replay is allowed, the hand-written example is used
        assert demo.goal.startswith("The goal is to satisfy") and demo.react_steps
