"""Fixtures for the ALFWorld tests: the real eval games from the shared data, when present."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def alfworld_games(shared_data: Path) -> Path:
    path = shared_data / "alfworld" / "json_2.1.1"
    if not path.is_dir():
        pytest.fail(f"{path} is missing from the shared data")
    return path


@pytest.fixture(scope="session")
def alfworld_env(alfworld_games: Path):
    pytest.importorskip("alfworld", reason="needs the alfworld extra: pip install -e '.[alfworld]'")
    from learnact_engine.envs.alfworld.env import ALFWorldEnv

    env = ALFWorldEnv(data_dir=alfworld_games, split="valid_unseen")
    yield env
    env.close()
