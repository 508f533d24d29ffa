"""Offline generation of ALFWorld games from the layouts and constants shipped in the alfworld package.

Recipe (spec alfworld.md §3.1): receptacles from a scene's `FloorPlanN-openable.json` (real THOR
ids and poses) plus one synthetic instance per static receptacle class listed in
`FloorPlanN-objects.json` without an id; 1-3 instances of each containable object class placed in
receptacles allowed by `VAL_RECEPTACLE_OBJECTS`; type-level `canContain`; affordances from
`VAL_ACTION_OBJECTS`; a feasible task of the requested type; goal and sentence from ALFWorld's
goal library; domain and grammar from the package. Every game is kept only after Fast Downward's
plan replays to a win in the real engine; that plan becomes the file's walkthrough.
Deterministic for a seed (all sampling from one `random.Random`, over sorted collections).
"""

from __future__ import annotations

import json
import multiprocessing
import random
import shutil
import sys
import tempfile
from importlib import resources
from pathlib import Path

import alfworld.gen.constants as C
from alfworld.gen.goal_library import gdict

from learnact_engine.envs.alfworld.engine import GameCache, Session
from learnact_engine.envs.alfworld.gamefile import GAME_FILE_NAME, TASK_TYPES, TRAJ_DATA_NAME, TaskParams, canonical_task_type
from learnact_engine.envs.alfworld.scene import Scene, build_scene, scene_numbers_for

DEFAULT_GENERATED_COUNT = 12  # two games per task type
GENERATED_SPLIT = "train"  # generated games are training/variety material, never the eval sets
_MAX_ATTEMPTS_PER_GAME = 40
SOLVE_BUDGET_S = 30.0  # a draw whose plan takes longer is discarded (real games plan in < 2 s)
_APPLIANCE = {
    "pick_clean_then_place_in_recep": ("SinkBasin", "Cleanable"),
    "pick_heat_then_place_in_recep": ("Microwave", "Heatable"),
    "pick_cool_then_place_in_recep": ("Fridge", "Coolable"),
}


def default_generated_dir(seed: int) -> Path:
    """The cache of generated games for a seed, made on first use."""
    root = Path.home() / ".cache" / "learnact-engine" / "alfworld-generated" / str(seed)
    if not (root / "json_2.1.1" / GENERATED_SPLIT).is_dir():
        print(f"alfworld: generating {DEFAULT_GENERATED_COUNT} solvable games offline into {root} "
              "(first use only, about a minute; --data-dir or $ALFWORLD_DATA uses other games)",
              file=sys.stderr, flush=True)
        try:
            generate_games(root, DEFAULT_GENERATED_COUNT, seed)
        except FileExistsError:
            pass  # another process finished the same set first; theirs is identical (same seed)
    return root


def _package_text(name: str) -> str:
    return resources.files("alfworld").joinpath("data", name).read_text()


def _sample_params(rng: random.Random, scene: Scene, task_type: str) -> TaskParams | None:
    """A feasible task for the scene, or None (spec §3.1 item 7)."""
    counts = scene.object_counts()
    candidates = sorted(cls for cls in counts if cls in scene.pickupable_classes)
    if task_type == "pick_two_obj_and_place":
        candidates = [cls for cls in candidates if counts[cls] >= 2]
    appliance = _APPLIANCE.get(task_type)
    if appliance:
        if appliance[0] not in scene.receptacle_classes():
            return None
        candidates = [cls for cls in candidates if cls in C.VAL_ACTION_OBJECTS[appliance[1]]]
    if task_type == "look_at_obj_in_light":
        if "DeskLamp" not in counts or not candidates:
            return None
        return TaskParams(task_type, rng.choice(candidates), "", "DeskLamp", "")
    rng.shuffle(candidates)
    for obj in candidates:
        parents = sorted(
            recep for recep in scene.receptacle_classes()
            if obj in C.VAL_RECEPTACLE_OBJECTS.get(recep, ())
            and not scene.has_object_in(obj, recep)  # else the goal would hold at t=0
            and (appliance is None or recep != appliance[0])
        )
        if parents:
            return TaskParams(task_type, obj, rng.choice(parents), "", "")
    return None


def _goal_pddl(params: TaskParams) -> str:
    text = gdict[params.task_type]["pddl"].format(
        obj=params.object_target, recep=params.parent_target, toggle=params.toggle_target,
        mrecep=params.mrecep_target)
    return text.replace("#", "-")


def _task_sentence(rng: random.Random, params: TaskParams) -> str:
    template = rng.choice(gdict[params.task_type]["templates"])
    return template.format(obj=params.object_target.lower(), recep=params.parent_target.lower(),
                           toggle=params.toggle_target.lower(), mrecep=params.mrecep_target.lower())


def _task_folder(params: TaskParams, scene_number: int) -> str:
    recep = params.toggle_target if params.task_type == "look_at_obj_in_light" else params.parent_target
    return f"{params.task_type}-{params.object_target}-{params.mrecep_target or 'None'}-{recep}-{scene_number}"


def _draw_game(rng: random.Random, task_type: str, trial: str) -> tuple[TaskParams, int, dict] | None:
    scene_number = rng.choice(scene_numbers_for(task_type))
    scene = build_scene(rng, scene_number)
    params = _sample_params(rng, scene, task_type)
    if params is None:
        return None
    grammar = _package_text("alfred.twl2").replace("UNKNOWN GOAL", _task_sentence(rng, params))
    problem = scene.to_pddl(problem_name=f"plan_{trial}", goal=_goal_pddl(params))
    data = {"pddl_domain": _package_text("alfred.pddl"), "grammar": grammar, "pddl_problem": problem,
            "solvable": False, "walkthrough": None}
    return params, scene_number, data


def _solve(session: Session, game_path: Path, max_steps: int = 60) -> list[str] | None:
    """Fast Downward's plan from the initial state, kept only if it wins when replayed in the engine."""
    session.start(game_path)
    plan = session.replan()
    if not plan or len(plan) > max_steps:
        return None
    for command in plan:
        session.step(command)
    return plan if session.won else None


def _solve_in_child(game_path: Path, connection) -> None:
    session = Session(cache=GameCache(capacity=1))
    try:
        connection.send(_solve(session, game_path))
    finally:
        session.close()


def _solve_with_budget(game_path: Path, budget_s: float) -> list[str] | None:
    """`_solve` in a child process that is killed past `budget_s`: FD's search runs in C and
    cannot be interrupted in-process, and a few random layouts make it search for minutes."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_solve_in_child, args=(game_path, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(budget_s):
            return receiver.recv()
        return None
    except EOFError:  # the child died without an answer
        return None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()


def generate_games(out_dir: str | Path, n: int, seed: int, types: list[str] | None = None) -> list[Path]:
    """Write `n` solvable games (task types round-robin) under `out_dir/json_2.1.1/train/`.

    Returns the game files. The folder is written atomically: a crash leaves no partial set.
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    task_types = [canonical_task_type(t) for t in types] if types else list(TASK_TYPES)
    out_dir = Path(out_dir).expanduser()
    split_dir = out_dir / "json_2.1.1" / GENERATED_SPLIT
    if split_dir.exists() and any(split_dir.iterdir()):
        raise FileExistsError(f"{split_dir} already holds games; choose an empty --out")
    out_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".generating-", dir=out_dir))
    rng = random.Random(seed)
    written: list[str] = []
    try:
        for index in range(n):
            task_type = task_types[index % len(task_types)]
            trial = f"trial_G{seed}_{index:05d}"
            for _attempt in range(_MAX_ATTEMPTS_PER_GAME):
                drawn = _draw_game(rng, task_type, trial)
                if drawn is None:
                    continue
                params, scene_number, data = drawn
                game_dir = staging / _task_folder(params, scene_number) / trial
                game_dir.mkdir(parents=True)
                game_path = game_dir / GAME_FILE_NAME
                game_path.write_text(json.dumps(data))
                plan = _solve_with_budget(game_path, SOLVE_BUDGET_S)
                if plan is None:
                    shutil.rmtree(game_dir)
                    continue
                game_path.write_text(json.dumps({**data, "solvable": True, "walkthrough": plan}))
                task_id = f"{_task_folder(params, scene_number)}/{trial}"
                (game_dir / TRAJ_DATA_NAME).write_text(json.dumps(params.as_traj_data(task_id)))
                written.append(task_id)
                break
            else:
                raise RuntimeError(f"could not generate a solvable {task_type} game in {_MAX_ATTEMPTS_PER_GAME} attempts")
        split_dir.parent.mkdir(parents=True, exist_ok=True)
        try:
            if split_dir.exists():
                split_dir.rmdir()
            staging.rename(split_dir)
        except OSError as exc:
            raise FileExistsError(f"{split_dir} was filled by another process while generating") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return [split_dir / task_id / GAME_FILE_NAME for task_id in written]
