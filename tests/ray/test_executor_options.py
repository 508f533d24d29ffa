"""The executor flags and the plain-data episode requests, without a cluster: usage errors are one
line, the default path never imports Ray, and a library travels as source text with its hash."""

from __future__ import annotations

import dataclasses
import importlib.util
import subprocess
import sys

import pytest

from learnact_engine.actions import ActionLibrary
from learnact_engine.actions.library import Action
from learnact_engine.cli import main
from learnact_engine.learners.episode import AgentSpec, EpisodeRequest
from learnact_engine.learners.executors import ExecutorError, ExecutorOptions
from learnact_engine.learners.prompts import Demonstration
from learnact_engine.learners.wire import WireError, library_to_data, request_from_data, request_to_data

from ray_helpers import ROOT

BASE = ["learn", "--domain", "robotic_planning", "--llm", "replay:/nonexistent", "--quiet"]


def library() -> ActionLibrary:
    carry = Action('def carry(ball, a, b):\n    pick(ball, a, "left")\n    move(a, b)\n    drop(ball, b, "left")\n',
                   notes=("Call it only with a free left gripper.",), description="Carry a ball from a to b.")
    return ActionLibrary((carry,), ("import re",), parent_hash="p" * 64, primitive_names=frozenset({"pick", "move"}))


def request() -> EpisodeRequest:
    demo = Demonstration("ball1 is at roomb.", "Robby is at rooma.", (('move("rooma", "roomb")', "Robby is at roomb."),),
                         "Move first.")
    spec = AgentSpec(react=True, library=library(), usage='carry("ball1", "rooma", "roomb")', reflections=("Plan.",))
    return EpisodeRequest("gripper/t1", "gripper", spec, demo, "learn", 5, repeat=1, labels={"round": 2, "candidate": 1})


def test_a_request_round_trips_as_plain_data():
    sent = request()
    data = request_to_data(sent)
    assert _plain(data)
    received = request_from_data(data)
    assert received == sent and received.key == sent.key
    assert received.spec.library.hash == sent.spec.library.hash


def test_a_tampered_library_is_refused():
    data = request_to_data(request())
    data["spec"]["library"]["actions"][0]["source"] = data["spec"]["library"]["actions"][0]["source"].replace(
        '"left"', '"right"')
    with pytest.raises(WireError, match="hash mismatch"):
        request_from_data(data)
    with pytest.raises(WireError):
        request_from_data({**request_to_data(request()), "v": 99})
    assert library_to_data(None) is None


def test_executor_usage_errors(monkeypatch, capsys):
    assert main([*BASE, "--ray-address", "auto"]) == 2
    assert "--ray-address needs --executor ray" in capsys.readouterr().err
    assert main([*BASE, "--executor", "ray", "--ray-address", "127.0.0.1:1"]) == 2  # nothing listens there
    assert "no Ray cluster answers at 127.0.0.1:1" in capsys.readouterr().err
    assert main([*BASE, "--executor", "ray", "--ray-address", "nonsense"]) == 2
    assert "bad --ray-address" in capsys.readouterr().err
    live = [a if a != "replay:/nonexistent" else "openai:gpt-4o-mini" for a in BASE]
    assert main([*live, "--executor", "ray", "--max-cost", "1"]) == 2
    assert "not enforced across Ray workers" in capsys.readouterr().err
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "ray" else real(name, *a))
    assert main([*BASE, "--executor", "ray"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--executor ray needs Ray: pip install 'learnact-engine[ray]'" in err
    with pytest.raises(ExecutorError):
        ExecutorOptions("threads")
    assert dataclasses.replace(ExecutorOptions("ray", "auto"), max_retries=0).max_retries == 0


def test_the_default_path_does_not_import_ray():
    code = ("import sys, learnact_engine.cli, learnact_engine.learners.run, learnact_engine.learners.methods, "
            "learnact_engine.learners.executors; print('ray' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.stdout.strip() == "False", done.stderr


def _plain(value) -> bool:
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    return value is None or isinstance(value, (str, int, float, bool))


def test_a_worker_records_into_the_drivers_cassette(tmp_path):
    """A live backend on a worker reads the run's cassette and hands new answers to the driver."""
    from ray_helpers import ray_or_skip

    ray_or_skip()
    from learnact_engine.learners.ray_workers import SinkCassette
    from learnact_engine.learners.wire import entry_from_data
    from learnact_engine.llm.cassette import Cassette
    from learnact_engine.llm.replay_backend import ReplayBackend
    from learnact_engine.llm.types import LLM, Completion, Usage, build_request

    class Echo(LLM):
        model = "echo"

        def __init__(self):
            self.asked = []

        def complete_request(self, request):
            self.asked.append(request)
            return Completion(request.messages[-1][1].upper(), Usage(3, 1), self.model, cost_usd=0.0)

    old, new = build_request("old question"), build_request("new question")
    Cassette(tmp_path).put("echo", old, Completion("OLD ANSWER", Usage(3, 2), "echo", cost_usd=0.0))
    echo, sink = Echo(), SinkCassette(tmp_path)
    llm = ReplayBackend(sink, inner=echo, mode="record-missing")
    assert llm.complete_request(old).text == "OLD ANSWER" and not echo.asked  # read from the run's cassette
    assert llm.complete_request(new).text == "NEW QUESTION" and llm.complete_request(new).cached
    assert len(echo.asked) == 1 and len(sink.sink) == 1 and len(Cassette(tmp_path)) == 1  # nothing written here
    Cassette(tmp_path).put(*entry_from_data(sink.sink[0]))  # what the driver does with it
    assert Cassette(tmp_path).get("echo", new).completion.text == "NEW QUESTION"
