"""Which tasks a run learns on, selects on and tests on (the two presets).

- paper: `train_per_type` training tasks per type from the train split, no selection split, test on
  every task (training tasks included, as the reference's --test_on_all does), repeated runs.
- clean (default): training and selection tasks drawn from the train split without overlap, test
  tasks from the test split only, so no test result is a memorised training task.
Choices within a split are a seeded shuffle, so a run is reproducible from its seed; the paper
preset on ALFWorld's valid_unseen games trains on the reference's fixed games of each type.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass

from learnact_engine.envs.base import TextEnv
from learnact_engine.learners.context import Settings


class TaskPlanError(ValueError):
    pass


@dataclass(frozen=True)
class TaskPlan:
    train: dict[str, list[str]]  # type -> tasks
    select: dict[str, list[str]]
    test: list[tuple[str, str]]  # (task, type)

    @property
    def types(self) -> list[str]:
        return sorted(set(self.train) | {t for _task, t in self.test})

    def to_dict(self) -> dict:
        return asdict(self)


def scored_tasks(plan: TaskPlan) -> frozenset[str]:
    """Every task a run scores (tested): no agent example may be one of these."""
    return frozenset(task for task, _type in plan.test)


def _by_type(env: TextEnv, tasks: list[str], wanted: tuple[str, ...]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for task in tasks:
        task_type = env.task_type(task) or "all"
        if not wanted or task_type in wanted:
            grouped.setdefault(task_type, []).append(task)
    return grouped


def split_pools(env: TextEnv, settings: Settings) -> tuple[list[str], list[str] | None]:
    """(train pool, test pool). A domain without train/test splits (ALFWorld's valid_unseen, as in
    the reference) is split within one split: test = whatever training and selection did not take."""
    splits = env.splits()
    if "train" in splits and "test" in splits:
        return env.tasks("train"), env.tasks("test")
    preferred = next((s for s in ("valid_unseen", "all") if s in splits), next(iter(splits), None))
    if preferred is None:
        raise TaskPlanError(f"{settings.domain}: the environment has no tasks")
    return env.tasks(preferred), None


# The reference's ALFWorld training games (spec §3): indices into the sorted list of that type's
# valid_unseen games (dataset/split/alfworld_<type>_[3, N-3]_split_0.csv).
ALFWORLD_REFERENCE_TRAIN = {
    "pick_and_place_simple": (14, 4, 2),
    "pick_clean_then_place_in_recep": (21, 2, 22),
    "pick_heat_then_place_in_recep": (11, 2, 1),
    "pick_cool_then_place_in_recep": (11, 7, 10),
    "look_at_obj_in_light": (13, 5, 14),
    "pick_two_obj_and_place": (7, 9, 14),
}


def reference_train(env: TextEnv, settings: Settings, task_type: str, tasks: list[str]) -> list[str] | None:
    """Paper preset on ALFWorld's valid_unseen: the reference's fixed training games of a type.
    None elsewhere (generated data, another split, too few games): the seeded choice stands."""
    indices = ALFWORLD_REFERENCE_TRAIN.get(task_type)
    if settings.preset != "paper" or settings.domain != "alfworld" or indices is None:
        return None
    ordered = sorted(tasks)
    if not ordered or not all(t.startswith("valid_unseen/") for t in ordered) or max(indices) >= len(ordered):
        return None
    return [ordered[i] for i in indices]


def without_examples(tasks: list[str] | None, examples: frozenset[str]) -> list[str] | None:
    """Tasks minus the games an in-context example was written on (e.g. a generated set made with
    the examples' own seed): no example is ever a training, selection or test task."""
    if tasks is None or not examples:
        return tasks
    return [t for t in tasks if not any(t == g or t.endswith("/" + g) for g in examples)]


def plan_tasks(env: TextEnv, settings: Settings) -> TaskPlan:
    from learnact_engine.learners.material import example_games

    rng = random.Random(settings.seed)
    examples = example_games(settings.domain)
    train_tasks, test_tasks = (without_examples(pool, examples) for pool in split_pools(env, settings))
    wanted = tuple(env.canonical_task_type(t) for t in settings.types)
    train_pool = _by_type(env, train_tasks, wanted)
    test_pool = _by_type(env, test_tasks, wanted) if test_tasks is not None else {}
    known = set(train_pool) | set(test_pool)
    unknown = [t for t, full in zip(settings.types, wanted) if full not in known]
    if unknown:
        available = {env.task_type(task) or "all" for task in train_tasks + (test_tasks or [])}
        raise TaskPlanError(f"unknown task type(s) {', '.join(unknown)}; have: {', '.join(sorted(available))}")
    train: dict[str, list[str]] = {}
    select: dict[str, list[str]] = {}
    for task_type, tasks in sorted(train_pool.items()):
        shuffled = sorted(tasks)
        rng.shuffle(shuffled)
        fixed = reference_train(env, settings, task_type, tasks)
        if fixed is not None:  # the reference's own training games first, in its order
            shuffled = fixed + [t for t in shuffled if t not in fixed]
        train[task_type] = shuffled[: settings.train_per_type]
        select[task_type] = shuffled[settings.train_per_type: settings.train_per_type + settings.select_per_type]
        if test_tasks is None:  # one shared split: the rest is held out
            test_pool[task_type] = shuffled[settings.train_per_type + settings.select_per_type:]
    source = test_pool
    if settings.preset == "paper":  # the reference tests on every task, training tasks included
        source = {t: sorted(set(test_pool.get(t, [])) | set(train_pool.get(t, []))) for t in known}
    test: list[tuple[str, str]] = []
    for task_type, tasks in sorted(source.items()):
        chosen = sorted(tasks)
        if settings.test_per_type is not None:
            rng.shuffle(chosen)
            chosen = sorted(chosen[: settings.test_per_type])
        test += [(task, task_type) for task in chosen]
    if not test:
        raise TaskPlanError(f"{settings.domain}: no test task for types {', '.join(settings.types) or 'all'}")
    return TaskPlan(train, select, test)
