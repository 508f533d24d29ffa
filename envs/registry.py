"""Domain name -> TextEnv factory, imported lazily so a domain's heavy engine loads only when used."""

from __future__ import annotations

import importlib
from typing import Any

from learnact_engine.envs.base import TextEnv

DOMAINS: dict[str, str] = {
    "alfworld": "learnact_engine.envs.alfworld.env:ALFWorldEnv",
    "robotic_planning": "learnact_engine.envs.robotic_planning.env:RoboticPlanningEnv",
}


def make_env(domain: str, **kwargs: Any) -> TextEnv:
    if domain not in DOMAINS:
        raise ValueError(f"unknown domain {domain!r}; choose one of: {', '.join(sorted(DOMAINS))}")
    module_name, class_name = DOMAINS[domain].split(":")
    env_class = getattr(importlib.import_module(module_name), class_name)
    return env_class(**kwargs)
