"""Episodes on a real two-node Ray cluster (loopback): a recorded learning run replays to the same
episodes as on the local executor, survives a killed worker, and resumes after a killed driver."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from learnact_engine.llm.cassette import Cassette
from learnact_engine.run_dir import RunDir
from ray_helpers import ROOT, RUN_ARGS, ScriptedAPI, episodes_by_key, worker_pids

pytestmark = [pytest.mark.slow, pytest.mark.ray, pytest.mark.timeout(900)]


def ray_options(recorded: Path, run_dir: Path, *extra: str):
    from learnact_engine.cli import build_parser
    from learnact_engine.commands.learn_cmd import build_options

    args = build_parser().parse_args(["learn", *RUN_ARGS, "--llm", f"replay:{recorded / 'llm-cache'}",
                                      "--executor", "ray", "--workers", "2", "--run-dir", str(run_dir), *extra])
    return build_options(args)


def outcome(run_dir: Path) -> dict:
    from learnact_engine.run_dir import RunDir

    return {r["key"]: (r["success"], r["steps"], [s["action"] for s in r["trajectory"]])
            for r in RunDir(run_dir).episodes()}


def test_replay_on_two_nodes_gives_the_local_episodes(cluster, recorded, local_replay, tmp_path):
    from learnact_engine.learners.run import execute_run

    statuses: list[str] = []
    options = ray_options(recorded, tmp_path / "ray")
    options.on_status = statuses.append
    summary = execute_run(options)
    assert any(s.startswith("ray: 2 episode worker(s) on 2 node(s), ready in") for s in statuses)
    ray_episodes = episodes_by_key(tmp_path / "ray")
    assert len(ray_episodes) >= 10
    assert ray_episodes == episodes_by_key(local_replay)  # every field but the wall clock
    assert outcome(tmp_path / "ray") == outcome(recorded)
    learned = json.loads((local_replay / "summary.json").read_text())
    assert (summary["episodes"], summary["successes"]) == (learned["episodes"], learned["successes"])
    assert summary["llm"]["run"]["cached_calls"] == learned["llm"]["run"]["cached_calls"]
    for round_file in sorted((local_replay / "learn").rglob("round-*.json")):
        relative = round_file.relative_to(local_replay)
        assert json.loads((tmp_path / "ray" / relative).read_text()) == json.loads(round_file.read_text())


def test_a_worker_killed_mid_run_loses_nothing(cluster, recorded, local_replay, tmp_path):
    from learnact_engine.learners.run import execute_run

    statuses: list[str] = []
    killed: list[int] = []

    def on_episode(record: dict) -> None:  # at the first finished episode, kill a busy worker
        if not killed:
            pids = worker_pids(cluster)
            assert pids
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    options = ray_options(recorded, tmp_path / "ray")
    options.on_status, options.on_episode = statuses.append, on_episode
    execute_run(options)
    assert killed and any("a worker died" in s for s in statuses)
    lines = (tmp_path / "ray" / "episodes.jsonl").read_text().splitlines()
    assert len(lines) == len({json.loads(line)["key"] for line in lines})  # nothing twice
    assert episodes_by_key(tmp_path / "ray") == episodes_by_key(local_replay)


def test_a_killed_driver_resumes(cluster, recorded, local_replay, tmp_path):
    from learnact_engine.cli import main

    run_dir = tmp_path / "ray"
    argv = ["learn", *RUN_ARGS, "--llm", f"replay:{recorded / 'llm-cache'}", "--executor", "ray",
            "--workers", "2", "--run-dir", str(run_dir)]
    killed = subprocess.run([sys.executable, str(Path(__file__).with_name("driver_to_kill.py")), cluster.address,
                             "4", *argv], capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    before = (run_dir / "episodes.jsonl").read_text().splitlines()
    assert len(before) >= 4 and not (run_dir / "summary.json").exists()

    assert main([*argv, "--ray-address", cluster.address, "--resume"]) == 0
    after = (run_dir / "episodes.jsonl").read_text().splitlines()
    assert after[: len(before)] == before  # finished episodes kept, not redone
    assert len(after) == len({json.loads(line)["key"] for line in after})
    assert episodes_by_key(run_dir) == episodes_by_key(local_replay)
    assert json.loads((run_dir / "summary.json").read_text())["episodes"] == \
        json.loads((local_replay / "summary.json").read_text())["episodes"]


def test_a_live_api_backend_records_through_the_driver(cluster, tmp_path, monkeypatch):
    """An openai: backend called from the Ray workers: the driver writes their answers into the
    run's cassette, and that cassette replays locally to the same episodes."""
    from learnact_engine.cli import main

    api = ScriptedAPI()
    try:
        monkeypatch.setenv("OPENAI_BASE_URL", api.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "loopback-test")
        live = tmp_path / "live"
        assert main(["learn", *RUN_ARGS, "--llm", "openai:scripted-api", "--executor", "ray", "--workers", "2",
                     "--run-dir", str(live)]) == 0
    finally:
        api.close()
    assert api.requests > 0 and api.max_in_flight <= 4  # the run's bound, held by one gate actor
    agent_calls = sum(len(r["trajectory"]) for r in RunDir(live).episodes())
    assert agent_calls and len(Cassette(live / "llm-cache")) >= agent_calls // 2
    replayed = tmp_path / "replayed"
    assert main(["learn", *RUN_ARGS, "--llm", f"replay:{live / 'llm-cache'}", "--run-dir", str(replayed)]) == 0
    assert outcome(replayed) == outcome(live)


def test_code_as_policy_programs_replay_on_ray(cluster, tmp_path):
    """The other episode loop (one open-loop program per task) runs on the workers too."""
    import learnact_engine.llm.factory as factory
    from learnact_engine.cli import main
    from ray_helpers import load_doubles

    scripted, real = load_doubles().ScriptedLLM, factory.make_backend
    args = ["eval", *RUN_ARGS, "--method", "code_as_policy"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(factory, "make_backend",
                      lambda spec, options=None: scripted() if spec == "openai:scripted" else real(spec, options))
        assert main([*args, "--llm", "openai:scripted", "--run-dir", str(tmp_path / "live")]) == 0
    assert main([*args, "--llm", f"replay:{tmp_path / 'live' / 'llm-cache'}", "--executor", "ray", "--workers", "2",
                 "--run-dir", str(tmp_path / "ray")]) == 0
    ray_records = RunDir(tmp_path / "ray").episodes()
    assert ray_records and all(r.get("program") for r in ray_records)
    assert outcome(tmp_path / "ray") == outcome(tmp_path / "live")


def test_the_llm_gate_bounds_requests_and_frees_a_dead_workers_permits(cluster):
    import ray

    from learnact_engine.learners.ray_workers import ConcurrencyGate

    gate = ConcurrencyGate.remote(1)
    try:
        ray.get(gate.acquire.remote("worker-a"))
        waiting = gate.acquire.remote("worker-b")
        assert ray.wait([waiting], timeout=1.0)[0] == []  # the one permit is held
        assert ray.get(gate.forget.remote("worker-a")) == 1  # worker-a died holding it
        ray.get(waiting, timeout=60)
        ray.get(gate.release.remote("worker-b"))
        ray.get(gate.release.remote("worker-b"))  # a second release does not mint a permit
        ray.get(gate.acquire.remote("worker-c"), timeout=60)
        assert ray.wait([gate.acquire.remote("worker-d")], timeout=1.0)[0] == []
    finally:
        ray.kill(gate)


def test_an_episodes_own_error_reaches_the_driver_as_itself(cluster, tmp_path, capsys):
    """A replay miss inside a worker's episode is the CLI's usual one-line LLM failure (exit 1)."""
    from learnact_engine.cli import main

    empty = tmp_path / "empty-cassette"
    empty.mkdir()
    assert main(["eval", *RUN_ARGS, "--method", "act", "--llm", f"replay:{empty}", "--executor", "ray",
                 "--workers", "2", "--run-dir", str(tmp_path / "run")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err and err[-1].startswith("learnact-engine: the LLM failed: replay miss")
