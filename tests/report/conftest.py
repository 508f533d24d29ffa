"""Fixtures for the report tests: two recorded runs (made once per session) and a headless browser."""

from __future__ import annotations

import os
import shutil

import pytest

from .runs import make_runs

IN_CI = os.environ.get("CI", "").lower() == "true"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")


@pytest.fixture(scope="session")
def recorded_runs(tmp_path_factory):
    return make_runs(tmp_path_factory.mktemp("recorded-runs"))


@pytest.fixture(scope="session")
def chromium() -> str:
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    reason = "no headless browser: install Debian's chromium (`apt-get install chromium`, done by `make install-browser`)"
    if IN_CI:
        pytest.fail(f"required in CI (CI=true): {reason}", pytrace=False)
    pytest.skip(reason)
