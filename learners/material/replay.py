"""Replaying the material's examples on the real environments, through the product's Executor.

The tests use `replay` to check that every example still shows what the environment says; when an
environment's text changes on purpose, `refresh` rewrites the observations in a material module
(each changed string literal is replaced by the new one; prose is untouched):

    python -m learnact_engine.learners.material.replay robotic_planning gripper   # or: alfworld put
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from learnact_engine.actions import ActionLibrary
from learnact_engine.executor import Executor
from learnact_engine.learners.material import Trajectory, canonical_game, material

THINK_REPLY = "OK."
MODES = {"robotic_planning": "final", "alfworld": "concat"}


@dataclass(frozen=True)
class Example:
    key: str  # act, react, reflexion, usage, revision_update, revision_plan
    task: str  # task id in the example data (rp_data_dir / alfworld_games)
    trajectory: Trajectory
    library: str  # source of the learned actions the trajectory may call ("" for none)


@dataclass(frozen=True)
class Replayed:
    start: tuple[str, str]  # (goal, initial observation) the environment gives
    observations: tuple[str, ...]  # per step: what the environment shows now (Think steps: "OK.")
    outcomes: tuple  # per step: the Executor's StepOutcome, None for a Think step


def module_of(domain: str, game: str):
    return importlib.import_module(f"learnact_engine.learners.material.{domain}.{canonical_game(domain, game)}")


def creation_library(game_material) -> str:
    return ActionLibrary.parse(game_material.creation_example).library.source()


def examples(domain: str, game: str) -> list[Example]:
    """Every replayable example of a game or type, with the task it runs on."""
    m, mod = material(domain, game), module_of(domain, game)
    trajectories = {"act": (m.act_example, ""), "react": (m.react_example, ""), "reflexion": (mod.REFLEXION, ""),
                    "usage": (m.usage_example, creation_library(m)),
                    "revision_update": (mod.REVISION_UPDATE, m.revision_update.library),
                    "revision_plan": (mod.REVISION_PLAN, m.revision_plan.library)}
    if domain == "robotic_planning":
        task = {key: f"{m.game}/{key}" for key in trajectories}
    else:
        task = {key: f"train/{mod.GAMES[key]}" for key in trajectories}
    return [Example(key, task[key], traj, library) for key, (traj, library) in trajectories.items()]


def rp_data_dir(root: Path) -> Path:
    """A Robotic Planning data directory holding every game's example instances."""
    from learnact_engine.envs.robotic_planning.task_sets import builtin_domain_text
    from learnact_engine.learners.material import games

    for game in games("robotic_planning"):
        (root / f"{game}.pddl").write_text(builtin_domain_text(game))
        (root / game).mkdir(exist_ok=True)
        for key, problem in module_of("robotic_planning", game).PROBLEMS.items():
            (root / game / f"{key}.pddl").write_text(problem)
    return root


def alfworld_games(root: Path) -> Path:
    """The generated games the ALFWorld examples were played on (deterministic for the seed)."""
    from learnact_engine.envs.alfworld.generate import generate_games
    from learnact_engine.learners.material.alfworld.common import EXAMPLE_COUNT, EXAMPLE_SEED

    generate_games(root, EXAMPLE_COUNT, EXAMPLE_SEED)
    return root


def replay(env, task: str, trajectory: Trajectory, sandbox, mode: str, library_source: str = "") -> Replayed:
    """Run the trajectory's action lines on a fresh episode; Think steps are not sent."""
    start = env.reset(task)
    names = [p.name for p in env.primitives()]
    library = ActionLibrary.from_source(library_source, primitive_names=names) if library_source else None
    executor = Executor(env, sandbox, library, mode=mode)
    executor.start(start[1])
    observations, outcomes = [], []
    try:
        for action, _shown in trajectory.steps:
            if action.startswith("Think:"):
                observations.append(THINK_REPLY)
                outcomes.append(None)
                continue
            outcome = executor.execute(action)
            observations.append(outcome.observation)
            outcomes.append(outcome)
    finally:
        executor.close()
    return Replayed(tuple(start), tuple(observations), tuple(outcomes))


def refresh(domain: str, game: str, env, sandbox) -> tuple[int, list[str]]:
    """Rewrite the module's observation literals to what `env` shows now.

    Every literal the examples show is paired with what the environment shows in its place; a
    literal is rewritten only when all its occurrences in the file are such pairs and agree on the
    new text (a shared text such as an error message changing in only some places is reported
    instead). Returns (texts rewritten, texts left for a person to fix)."""
    mod = module_of(domain, game)
    path = Path(mod.__file__)
    source = path.read_text()
    pairs: list[tuple[str, str]] = []
    for example in examples(domain, game):
        traj = example.trajectory
        got = replay(env, example.task, traj, sandbox, MODES[domain], example.library)
        pairs += list(zip((traj.goal, traj.initial_observation), got.start))
        pairs += [(shown, now) for (_a, shown), now in zip(traj.steps, got.observations)]
        if example.key.startswith("revision"):
            index = len(traj.steps) - 1  # the failing call is the example's last step
            outcome = got.outcomes[index]
            old_sub = getattr(mod, f"{example.key.upper()}_SUB")
            pairs += [(o, n) for (_c, o), (_c2, n) in zip(old_sub, outcome.sub_trajectory)]
            if hasattr(mod, f"{example.key.upper()}_STATE"):
                before = got.observations[index - 1] if index else got.start[1]
                pairs.append((getattr(mod, f"{example.key.upper()}_STATE"), before))
    if domain == "robotic_planning":
        pairs += list(zip(mod.PROBLEM_TEXTS["cap"], env.reset(f"{mod.MATERIAL.game}/cap")))
    news: dict[str, set[str]] = {}
    counts: dict[str, int] = {}
    for old, new in pairs:
        news.setdefault(old, set()).add(new)
        counts[old] = counts.get(old, 0) + 1
    done, left = 0, []
    for old, new_texts in news.items():
        if new_texts == {old}:
            continue
        if len(new_texts) == 1 and source.count(repr(old)) == counts[old]:
            source = source.replace(repr(old), repr(new_texts.pop()))
            done += 1
        else:
            left.append(old)
    path.write_text(source)
    return done, left


def main(argv: list[str]) -> int:
    from learnact_engine.sandbox import Limits, open_sandbox

    if len(argv) != 2:
        print("usage: python -m learnact_engine.learners.material.replay DOMAIN GAME", file=sys.stderr)
        return 2
    domain, game = argv
    with tempfile.TemporaryDirectory() as tmp, open_sandbox("restricted", Limits(wall_seconds=20), pool_size=1) as box:
        if domain == "robotic_planning":
            from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv
            env = RoboticPlanningEnv(data_dir=rp_data_dir(Path(tmp)), game=canonical_game(domain, game), max_steps=200)
        else:
            from learnact_engine.envs.alfworld.env import ALFWorldEnv
            env = ALFWorldEnv(data_dir=alfworld_games(Path(tmp)), split="train")
        try:
            done, left = refresh(domain, game, env, box)
            print(f"{done} observation text(s) rewritten in {module_of(domain, game).__file__}")
            for text in left:
                print(f"left for a person (its occurrences disagree): {text[:120]!r}", file=sys.stderr)
        finally:
            env.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
