"""Gymnasium view of any TextEnv: `gymnasium.make("learnact/RoboticPlanning-v0")`.

Observations and actions are text. `split` defaults to the domain's own default (ALFWorld: the
first present of `valid_unseen`, `valid_seen`, `train`; Robotic Planning: `test`), so both ids work
with no arguments and with `data_dir=` any folder of the domain's layout.
`reset(options={"task_id": ...})` picks a task (default: the split's tasks in turn, starting from a
seeded position); the observation is the goal followed
by the first observation, as the agent sees it. Reward is 1.0 on the step that wins, otherwise
0.0; `terminated` means won, `truncated` means the step cap ran out first.
"""

from __future__ import annotations

import random
import string
from typing import Any

import gymnasium
from gymnasium import spaces

from learnact_engine.envs.registry import make_env

GYM_IDS = {
    "learnact/RoboticPlanning-v0": "robotic_planning",
    "learnact/ALFWorld-v0": "alfworld",
}
MAX_TEXT = 100_000
_CHARSET = string.printable


def default_split(env) -> str:
    """The env's own default split, else `test`, else its first split."""
    own = getattr(env, "split", None)
    if isinstance(own, str) and own:
        return own
    splits = env.splits()
    return "test" if "test" in splits else next(iter(splits), "all")


class TextGymEnv(gymnasium.Env):
    metadata = {"render_modes": ["ansi"]}

    def __init__(self, domain: str, split: str | None = None, render_mode: str | None = None,
                 **env_kwargs: Any) -> None:
        self.text_env = make_env(domain, **env_kwargs)
        self.split = split or default_split(self.text_env)
        known = self.text_env.splits()
        if self.split not in known and self.split != "all":
            self.text_env.close()
            raise ValueError(f"unknown {domain} split {self.split!r}; available: {', '.join(known)}")
        self.render_mode = render_mode
        self.observation_space = spaces.Text(max_length=MAX_TEXT, charset=_CHARSET)
        self.action_space = spaces.Text(max_length=MAX_TEXT, charset=_CHARSET)
        self._next_index: int | None = None
        self._last = ""

    def reset(self, *, seed: int | None = None, options: dict | None = None):
        super().reset(seed=seed)
        task_id = (options or {}).get("task_id")
        if task_id is None:
            tasks = self.text_env.tasks(self.split)
            if not tasks:
                raise RuntimeError(f"split {self.split!r} has no tasks")
            if self._next_index is None or seed is not None:
                self._next_index = random.Random(seed).randrange(len(tasks))
            task_id = tasks[self._next_index % len(tasks)]
            self._next_index += 1
        goal, observation = self.text_env.reset(task_id)
        self._last = f"{goal}\n{observation}"
        return self._last, {"task_id": task_id, "goal": goal}

    def step(self, action: str):
        observation, done, info = self.text_env.step(str(action))
        won = self.text_env.won
        self._last = observation
        info = dict(info, won=won, progress=self.text_env.progress)
        return observation, 1.0 if won else 0.0, won, done and not won, info

    def render(self) -> str | None:
        return self._last if self.render_mode == "ansi" else None

    def close(self) -> None:
        self.text_env.close()


def register_envs() -> None:
    """Register the gym ids; entry points are strings, so no domain engine loads here."""
    for gym_id, domain in GYM_IDS.items():
        if gym_id not in gymnasium.registry:
            gymnasium.register(
                id=gym_id,
                entry_point="learnact_engine.envs.gym_adapter:TextGymEnv",
                kwargs={"domain": domain},
            )
