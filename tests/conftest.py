"""Shared test policy.

- `LEARNACT_SHARED_DATA` points at ../shared/data (set by `make test` and `.ci/run`). A test that needs
  it skips with a reason when unset, except under CI=true, where its absence is a failure.
- Tests marked `docker` need a running daemon: skipped locally without one, a failure under CI=true.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def _skip_or_fail(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"required in CI (CI=true): {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    value = os.environ.get("LEARNACT_SHARED_DATA", "")
    if not value:
        _skip_or_fail("LEARNACT_SHARED_DATA is not set (make test sets it when ../shared/data exists)")
    path = Path(value)
    if not path.is_dir():
        _skip_or_fail(f"LEARNACT_SHARED_DATA={value} is not a directory")
    return path


def docker_available() -> tuple[bool, str]:
    try:
        import docker

        client = docker.from_env(timeout=10)
        client.ping()
        client.close()
        return True, ""
    except Exception as exc:  # noqa: BLE001 - any failure means "no daemon"
        return False, f"no Docker daemon reachable ({type(exc).__name__}: {exc})"


@pytest.fixture(scope="session")
def require_docker() -> None:
    ok, reason = docker_available()
    if not ok:
        _skip_or_fail(reason)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("docker"):
            item.fixturenames.insert(0, "require_docker")
