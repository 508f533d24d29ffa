"""The in-context material (learners.material): complete for every game and ALFWorld type, its code
parses with the project's own parser and calls only the game's primitives, every Update really
changes the code, every example replays on the real environment through the product's Executor to
exactly the observations shown, and no example is a task of a default or shared task set."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from learnact_engine.actions import ActionLibrary
from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv
from learnact_engine.envs.robotic_planning.pddl_model import domain_from_text
from learnact_engine.envs.robotic_planning.primitives import primitives_for as rp_primitives
from learnact_engine.envs.robotic_planning.task_sets import builtin_domain_text
from learnact_engine.executor import Executor
from learnact_engine.learners.material import (
    REFLECTION_LABEL, GameMaterial, Trajectory, description_example, games, material,
)
from learnact_engine.learners.material.replay import alfworld_games, examples, module_of, replay, rp_data_dir
from learnact_engine.sandbox import Limits, open_sandbox

RP, ALF = "robotic_planning", "alfworld"
ALL = [(RP, g) for g in games(RP)] + [(ALF, t) for t in games(ALF)]
THINK_REPLY = "OK."
REFRESH = "learnact_engine.learners.material.replay DOMAIN GAME"
FAILURE = "not valid"
SAFE_BUILTINS = {"len", "range", "zip", "enumerate", "str", "int", "list", "dict", "set", "min", "max", "sorted",
                 "reversed", "any", "all", "isinstance", "print"}


def primitive_names(domain: str, game: str) -> set[str]:
    if domain == RP:
        return {p.name for p in rp_primitives(game, domain_from_text(builtin_domain_text(game)))}
    from learnact_engine.envs.alfworld.gamefile import MOVE_GRAMMAR
    from learnact_engine.envs.alfworld.primitives import primitives_for
    return {p.name for p in primitives_for(MOVE_GRAMMAR)}


def code_of(block: str) -> str:
    match = re.search(r"```python\n(.*?)```", block, re.S)
    assert match, f"no ```python block in {block[:80]!r}"
    return match.group(1)


def called_names(source: str) -> set[str]:
    return {n.func.id for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call) and isinstance(n.func, ast.Name)}


def defined_names(source: str) -> set[str]:
    return {n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)}


def function_source(source: str, name: str) -> str:
    node = next(n for n in ast.parse(source).body if isinstance(n, ast.FunctionDef) and n.name == name)
    return ast.dump(node)


def assert_only_game_calls(source: str, allowed: set[str], what: str) -> None:
    unknown = called_names(source) - allowed - SAFE_BUILTINS
    assert not unknown, f"{what} calls {sorted(unknown)}, which are neither this game's primitives nor defined"


# ---- the lookup ------------------------------------------------------------------------------

def test_games_and_names():
    assert games(RP) == ("blockworld", "gripper", "tyreworld", "barman")
    assert games(ALF) == ("put", "clean", "heat", "cool", "examine", "puttwo")
    assert material(ALF, "pick_clean_then_place_in_recep") is material(ALF, "clean")
    for bad in ((RP, "hanoi"), (ALF, "slice"), ("webshop", "x")):
        with pytest.raises(ValueError, match="choose one of"):
            material(*bad)
    with pytest.raises(ValueError):
        games("webshop")
    for domain in (RP, ALF):
        text = description_example(domain)
        assert text.startswith("def ") and "\nInstruction: " in text and len(text.splitlines()) == 2


@pytest.mark.parametrize("domain,game", ALL)
def test_every_field_is_filled(domain, game):
    m = material(domain, game)
    assert isinstance(m, GameMaterial) and (m.domain, m.game) == (domain, game)
    with pytest.raises(dataclasses.FrozenInstanceError):
        m.game = "other"  # type: ignore[misc]
    for field in ("instruction", "reflexion_example", "creation_example"):
        assert getattr(m, field).strip(), field
    for revision in (m.revision_update, m.revision_plan):
        for field in ("library", "state", "call", "error", "failed_reason", "improve", "content"):
            assert getattr(revision, field).strip(), field
        assert revision.sub_trajectory and FAILURE in revision.error
    for traj in (m.act_example, m.react_example, m.usage_example):
        assert traj.goal and traj.initial_observation and traj.steps
    assert (m.cap_example is None) == (domain == ALF)
    texts = [m.instruction, m.reflexion_example, m.creation_example, m.cap_example or ""]
    for traj in (m.act_example, m.react_example, m.usage_example):
        texts += [traj.goal, traj.initial_observation] + [part for step in traj.steps for part in step]
    for revision in (m.revision_update, m.revision_plan):
        texts += [v for v in dataclasses.astuple(revision) if isinstance(v, str)]
        texts += [part for step in revision.sub_trajectory for part in step]
    assert not [t for t in texts if re.search(r"[\x00-\x09\x0b-\x1f\x7f]", t)], "control characters (a lost escape?)"


@pytest.mark.parametrize("domain,game", ALL)
def test_instruction_names_every_primitive(domain, game):
    m = material(domain, game)
    for name in primitive_names(domain, game):
        assert re.search(rf"\b{name}\(", m.instruction), f"{name} is not described"
    if game == "barman":
        assert "Restrictions" in m.instruction and m.instruction.count("\n-") >= 5


@pytest.mark.parametrize("domain,game", ALL)
def test_agent_examples_teach_what_they_should(domain, game):
    m = material(domain, game)
    act = m.act_example.steps
    bad = [i for i, (_a, obs) in enumerate(act) if FAILURE in obs]
    assert bad and bad[0] + 1 < len(act) and FAILURE not in act[-1][1], "one invalid action, then the recovery"
    thoughts = [a for a, _o in m.react_example.steps if a.startswith("Think:")]
    assert len(thoughts) >= 2 and len(set(thoughts)) == len(thoughts)
    assert all(o == THINK_REPLY for a, o in m.react_example.steps if a.startswith("Think:"))
    assert any(not a.startswith("Think:") for a, _o in m.react_example.steps)
    failed, label, reflection = m.reflexion_example.partition(f"\n{REFLECTION_LABEL}\n")
    assert label and failed.startswith("You should perform actions to accomplish the goal:")
    assert len(reflection.strip().splitlines()) >= 3, "a free-form, multi-line reflection"
    learned = defined_names(code_of(m.creation_example))
    assert any(a.split("(", 1)[0] in learned for a, _o in m.usage_example.steps), "usage calls a created function"


# ---- the code ----------------------------------------------------------------------------------

@pytest.mark.parametrize("domain,game", ALL)
def test_code_parses_and_calls_only_game_primitives(domain, game):
    m = material(domain, game)
    prims = primitive_names(domain, game)
    parsed = ActionLibrary.parse(m.creation_example, primitive_names=prims)
    assert parsed.ok, parsed.feedback()
    assert 1 <= len(parsed.library.names) <= 2 and parsed.strays, "1-2 actions, then '# Usage Example' calls"
    assert "# Usage Example" in m.creation_example
    creation = code_of(m.creation_example)
    assert_only_game_calls(creation, prims | defined_names(creation), "creation example")
    if domain == ALF:
        assert "re" in {i.split()[-1] for i in parsed.library.imports}, "a parsing helper"
        assert any("take(" in a.source for a in parsed.library.actions), "a find-and-take action"
    for revision in (m.revision_update, m.revision_plan):
        library = ActionLibrary.from_source(revision.library, primitive_names=prims)
        assert_only_game_calls(revision.library, prims | set(library.names), "revision library")
        assert revision.call.split("(", 1)[0] in library.names, "the failing call is a learned action"
    if m.cap_example is not None:
        assert m.cap_example.startswith("Goal: ") and "\nObservation: " in m.cap_example
        program = ActionLibrary.parse(m.cap_example.split("\nAction:\n", 1)[1], primitive_names=prims)
        assert program.ok, program.feedback()
        helpers = set(program.library.names)
        assert helpers and called_names(program.test_code()) & helpers, "defines helpers and calls them"
        assert_only_game_calls(code_of(m.cap_example), prims | helpers, "code-as-policy program")


@pytest.mark.parametrize("domain,game", ALL)
def test_update_changes_the_code_and_plan_is_a_note(domain, game):
    m = material(domain, game)
    prims = primitive_names(domain, game)
    update, plan = m.revision_update, m.revision_plan
    kind, _, target = update.improve.partition(": ")
    assert kind == "Update" and target in defined_names(update.library)
    reply = f"{update.content}\n{update.test_case}"
    parsed = ActionLibrary.parse(reply, primitive_names=prims)
    assert parsed.ok, parsed.feedback()
    assert target in parsed.library.names
    assert function_source(code_of(update.content), target) != function_source(update.library, target)
    allowed = prims | defined_names(update.library) | set(parsed.library.names)
    assert_only_game_calls(code_of(update.content), allowed, "Update content")
    test_calls = [s for s in ast.parse(code_of(update.test_case)).body]
    assert len(test_calls) == 1 and isinstance(test_calls[0].value, ast.Call)
    kind, _, target = plan.improve.partition(": ")
    assert kind == "Plan" and target in defined_names(plan.library)
    assert plan.test_case == "" and "```" not in plan.content


# ---- replay on the real environments -------------------------------------------------------------

@pytest.fixture(scope="module")
def sandbox():
    box = open_sandbox("restricted", Limits(wall_seconds=20), pool_size=2)
    yield box
    box.close()


def replay_and_check(env, task: str, traj: Trajectory, sandbox, mode: str, library_source: str = "") -> tuple:
    got = replay(env, task, traj, sandbox, mode, library_source)
    assert got.start == (traj.goal, traj.initial_observation), f"{task}: a different start"
    for (action, shown), now in zip(traj.steps, got.observations):
        assert now == shown, f"{task}: {action} now observes {now!r} (python -m {REFRESH} rewrites the examples)"
    return got.outcomes


def check_revision(revision, traj: Trajectory, outcomes: list, full_context: bool) -> None:
    index = next(i for i in range(len(traj.steps) - 1, -1, -1) if traj.steps[i][0] == revision.call)
    outcome = outcomes[index]
    assert revision.error == outcome.observation and FAILURE in revision.error
    assert revision.sub_trajectory == tuple(tuple(s) for s in outcome.sub_trajectory)
    if full_context:
        assert revision.state == Trajectory(traj.goal, traj.initial_observation, traj.steps[:index]).text()
    else:
        assert revision.state == (traj.steps[index - 1][1] if index else traj.initial_observation)


@pytest.fixture(scope="module")
def rp_examples(tmp_path_factory) -> Path:
    return rp_data_dir(tmp_path_factory.mktemp("rp_examples"))


@pytest.mark.parametrize("game", games(RP))
def test_robotic_planning_examples_replay(game, rp_examples, sandbox):
    m, mod = material(RP, game), module_of(RP, game)
    env = RoboticPlanningEnv(data_dir=rp_examples, game=game, max_steps=200)
    for example in examples(RP, game):
        outcomes = replay_and_check(env, example.task, example.trajectory, sandbox, "final", example.library)
        assert env.won is (example.key in ("act", "react", "usage")), example.key
        if example.key.startswith("revision"):
            check_revision(getattr(m, example.key), example.trajectory, outcomes, False)
    assert m.reflexion_example.startswith(mod.REFLEXION.text())
    goal, observation = env.reset(f"{game}/cap")
    assert m.cap_example.startswith(f"Goal: {goal}\nObservation: {observation}\nAction:\n")
    program = ActionLibrary.parse(m.cap_example.split("\nAction:\n", 1)[1], primitive_names=[p.name for p in env.primitives()])
    calls = [line for line in program.test_code().splitlines() if line.strip() and not line.startswith("#")]
    executor = Executor(env, sandbox, program.library, mode="final")
    executor.start(observation)
    try:
        observations = [executor.execute(line).observation for line in calls]
    finally:
        executor.close()
    assert env.won and not any(FAILURE in o for o in observations), observations


def rp_starts(env: RoboticPlanningEnv) -> set[tuple[str, str]]:
    return {env.reset(task) for task in env.tasks("all")}


def example_starts_rp(rp_examples: Path, game: str) -> set[tuple[str, str]]:
    env = RoboticPlanningEnv(data_dir=rp_examples, game=game)
    return rp_starts(env)


@pytest.mark.parametrize("game", games(RP))
def test_no_robotic_planning_example_is_a_default_task(game, rp_examples):
    examples = example_starts_rp(rp_examples, game)
    assert len(examples) == len(module_of(RP, game).PROBLEMS), "every example is its own instance"
    assert not examples & rp_starts(RoboticPlanningEnv(game=game, seed=0))


@pytest.mark.shared_data
def test_no_robotic_planning_example_is_a_shared_task(rp_examples, shared_data):
    for game in games(RP):
        shared = rp_starts(RoboticPlanningEnv(data_dir=shared_data / "robotic_planning", game=game))
        assert not example_starts_rp(rp_examples, game) & shared, game


# ---- ALFWorld: games generated with the material's own seed ------------------------------------

@pytest.fixture(scope="module")
def alfworld_examples(tmp_path_factory):
    pytest.importorskip("alfworld", reason="needs the alfworld extra: pip install -e '.[alfworld]'")
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    env = ALFWorldEnv(data_dir=alfworld_games(tmp_path_factory.mktemp("alfworld_examples")), split="train")
    yield env
    env.close()


@pytest.mark.alfworld
@pytest.mark.parametrize("kind", games(ALF))
def test_alfworld_examples_replay(kind, alfworld_examples, sandbox):
    env, m, mod = alfworld_examples, material(ALF, kind), module_of(ALF, kind)
    for example in examples(ALF, kind):
        assert env.task_type(example.task) == env.canonical_task_type(kind)
        outcomes = replay_and_check(env, example.task, example.trajectory, sandbox, "concat", example.library)
        assert env.won is (example.key in ("act", "react", "usage")), example.key
        if example.key.startswith("revision"):
            check_revision(getattr(m, example.key), example.trajectory, outcomes, True)
    assert m.reflexion_example.startswith(mod.REFLEXION.text())


def alfworld_example_starts(env) -> dict[tuple[str, str], str]:
    starts = {}
    for kind in games(ALF):
        for example in examples(ALF, kind):
            starts[(example.trajectory.goal, example.trajectory.initial_observation)] = f"{kind}/{example.key}"
    return starts


@pytest.mark.alfworld
def test_no_alfworld_example_is_a_default_generated_task(alfworld_examples):
    from learnact_engine.envs.alfworld.env import ALFWorldEnv
    from learnact_engine.envs.alfworld.generate import default_generated_dir

    examples = alfworld_example_starts(alfworld_examples)
    env = ALFWorldEnv(data_dir=default_generated_dir(0))
    try:
        collisions = [t for t in env.tasks() if env.reset(t) in examples]
    finally:
        env.close()
    assert not collisions


@pytest.mark.alfworld
@pytest.mark.slow
@pytest.mark.shared_data
def test_no_alfworld_example_is_a_shared_task(alfworld_examples, shared_data):
    """Only a game of the same type in the same scene can open with the same goal and room, so
    only those shared games are reset and compared."""
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    examples = alfworld_example_starts(alfworld_examples)
    wanted = {(task.split("/")[1].split("-")[0], task.split("/")[1].rsplit("-", 1)[1])
              for task in alfworld_examples.tasks()}
    data = shared_data / "alfworld" / "json_2.1.1"
    for split in ALFWorldEnv(data_dir=data).splits():
        env = ALFWorldEnv(data_dir=data, split=split)
        try:
            for task in env.tasks():
                folder = task.split("/")[1]
                if (folder.split("-")[0], folder.rsplit("-", 1)[1]) in wanted:
                    assert env.reset(task) not in examples, task
        finally:
            env.close()
