"""A real two-node Ray cluster on loopback, and a recorded learning run to replay on it.

The cluster (a head and a second node, two CPUs and an 80 MB object store each, no dashboard) is
started once per module and shut down after it. The recording is a real LearnAct run on Robotic
Planning with the scripted test LLM (which answers by what each prompt asks for) behind the run's
cassette; the reference is the same run replayed from that cassette on the local executor, in a
subprocess that also reports whether the default path imported Ray.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ray_helpers import ROOT, RUN_ARGS, load_doubles, ray_or_skip


@pytest.fixture(scope="module")
def cluster():
    ray = ray_or_skip()
    from ray.cluster_utils import Cluster

    store = 80 * 1024 * 1024
    made = Cluster(initialize_head=True, head_node_args={
        "num_cpus": 2, "object_store_memory": store, "include_dashboard": False})
    try:
        made.add_node(num_cpus=2, object_store_memory=store)
        made.wait_for_nodes()
        ray.init(address=made.address, log_to_driver=False, logging_level="ERROR")
        yield made
    finally:
        ray.shutdown()
        made.shutdown()


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Path:
    """A learning run recorded with the scripted LLM (its cassette is `llm-cache`)."""
    import learnact_engine.llm.factory as factory
    from learnact_engine.cli import main

    ScriptedLLM = load_doubles().ScriptedLLM
    real = factory.make_backend
    path = tmp_path_factory.mktemp("ray") / "recorded"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(factory, "make_backend",
                      lambda spec, options=None: ScriptedLLM() if spec == "openai:scripted" else real(spec, options))
        assert main(["learn", *RUN_ARGS, "--llm", "openai:scripted", "--run-dir", str(path)]) == 0
    return path


REPLAY_LOCAL = """
import json, sys
from learnact_engine.cli import main
rc = main(sys.argv[1:])
print(json.dumps({"rc": rc, "ray_imported": "ray" in sys.modules}))
"""


@pytest.fixture(scope="module")
def local_replay(recorded) -> Path:
    """The recorded run replayed on the local executor (the default path, which never imports Ray)."""
    path = recorded.parent / "local-replay"
    done = subprocess.run([sys.executable, "-c", REPLAY_LOCAL, "learn", *RUN_ARGS, "--llm",
                           f"replay:{recorded / 'llm-cache'}", "--run-dir", str(path)],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"rc": 0, "ray_imported": False}, done.stderr
    return path


