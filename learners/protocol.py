"""Which tasks a run learns on, selects on and tests on (the two presets).

- paper: `train_per_type` training tasks per type from the train split, no selection split, test on
  every task (training tasks included, as the reference's --test_on_all does), repeated runs.
- clean (default): training and selection tasks drawn from the train split without overlap, test
  tasks from the test split only, so no test result is a memorised training task.
Choices within a split are a seeded shuffle, so a run is reproducible from its seed.
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


def plan_tasks(env: TextEnv, settings: Settings) -> TaskPlan:
    rng = random.Random(settings.seed)
    train_tasks, test_tasks = split_pools(env, settings)
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
