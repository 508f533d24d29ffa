"""What the host does with what a compromised worker sends: malformed frames are `crashed`, never
a host exception; untrusted text is cleaned once; a deep scratch tree does not break cleanup."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from learnact_engine.feedback import render_feedback, sanitize
from learnact_engine.sandbox import Limits, Session
from learnact_engine.sandbox.channel import PipeWorker
from learnact_engine.sandbox.protocol import FrameBuffer, encode
from learnact_engine.sandbox.sanitize import clean_line, clean_text
from learnact_engine.sandbox.scratch import remove_tree


class ScriptedWorker:
    """A test double for a compromised worker: answers every call with the frames it was given."""

    def __init__(self, frames: list[dict]):
        self.frames = list(frames)
        self.killed = False
        self.sent: list[dict] = []

    def send(self, message, deadline):
        self.sent.append(message)

    def recv(self, deadline):
        if self.sent and self.sent[-1].get("op") == "load":
            return {"op": "loaded", "functions": ["act", 5, {"x": 1}]}
        return self.frames.pop(0)

    def kill(self):
        self.killed = True

    def death_cause(self):
        return "crashed"


def _session(frames):
    worker = ScriptedWorker(frames)
    session = Session(lambda: worker, Limits(), seed=0)
    assert session.load("def act():\n    return 1\n", {"goto": lambda x: "ok"}).ok
    return session, worker


MALFORMED = [
    {"op": 5},
    {"no": "op"},
    {"op": "stdout", "text": ["a"]},
    {"op": "primitive", "name": "goto", "args": {"a": 1}},
    {"op": "primitive", "name": ["goto"], "args": []},
    {"op": "primitive", "name": "goto", "args": [["nested"]]},
    {"op": "result", "status": 7},
    {"op": "result", "status": "error", "error": "boom"},
    {"op": "result", "status": "error", "error": {"type": {"a": 1}, "message": "m", "frames": []}},
    {"op": "result", "status": "error", "error": {"type": "E", "message": ["m"], "frames": []}},
    {"op": "result", "status": "error", "error": {"type": "E", "message": "m", "frames": 5}},
    {"op": "result", "status": "error", "error": {"type": "E", "message": "m", "frames": ["x"]}},
    {"op": "result", "status": "error", "error": {"type": "E", "message": "m", "frames": [{"line": "3"}]}},
    {"op": "result", "status": "error", "error": {"type": "E", "message": "m", "frames": [{"line": 3, "function": 4}]}},
    {"op": "result", "status": "ok", "value": 1, "allocation_failed": "yes"},
    {"op": "surprise"},
]


@pytest.mark.parametrize("frame", MALFORMED, ids=[json.dumps(f)[:60] for f in MALFORMED])
def test_malformed_frame_is_crashed_and_the_worker_retired(frame):
    session, worker = _session([frame])
    result = session.call("act")
    assert result.status == "crashed", result
    assert worker.killed
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


def test_well_formed_frames_with_hostile_text_are_cleaned():
    frames = [{"op": "stdout", "text": "\x1b[2Jhi\ud800\U000e0041\u2028"},
              {"op": "result", "status": "error", "allocation_failed": False,
               "error": {"type": "Bad\ufeffError", "message": "m\u2029\ud83d", "frames": [{"line": 1, "function": "act\x00"}]}}]
    session, _ = _session(frames)
    result = session.call("act")
    assert result.status == "error"
    assert result.stdout == "hi\\ud800\n"
    assert result.error.type == "BadError" and result.error.message == "m\n\\ud83d"
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


def test_allocation_failure_is_memory_whatever_the_worker_calls_it():
    session, worker = _session([{"op": "result", "status": "ok", "value": 1, "allocation_failed": True}])
    result = session.call("act")
    assert result.status == "memory" and worker.killed


def test_memory_status_without_an_observed_allocation_failure_is_an_error():
    frame = {"op": "result", "status": "memory", "error": {"type": "MemoryError", "message": "x", "frames": []}}
    session, worker = _session([frame])
    result = session.call("act")
    assert result.status == "error" and result.error.message == "x" and worker.killed


def test_clean_text_removes_tags_separators_bom_and_escapes_surrogates():
    dirty = "a\U000e0001\U000e0068\U000e007fb\u2028c\u2029d\ufeffe\ud800f\u200bg"
    assert clean_text(dirty) == "ab\nc\nde\\ud800fg"
    assert clean_line("x\ny\u2028z") == "x y z"
    assert sanitize(dirty) == clean_text(dirty)
    feedback = render_feedback("E\U000e0041", "msg\ufeff\u2028more", [], "", [])
    assert "\U000e0041" not in feedback and "\ufeff" not in feedback and "\u2028" not in feedback
    capped = clean_text("\U000e0041" * 10 + "x" * 100_000, 50)
    assert capped.startswith("x" * 50) and "truncated" in capped


def test_frames_with_lone_surrogates_encode_and_decode():
    message = {"op": "call", "name": "f", "args": ["\ud800", "\U0001f600"]}
    data = encode(message)
    data.decode("ascii")
    assert FrameBuffer().feed(data) == [message]


def _deep_tree(root: str, depth: int) -> None:
    os.makedirs(root)
    fd = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir("d", dir_fd=fd)
            child = os.open("d", os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
        with open(os.open("f", os.O_WRONLY | os.O_CREAT, 0o600, dir_fd=fd), "w") as handle:
            handle.write("x")
        os.symlink("/etc", "escape", dir_fd=fd)
    finally:
        os.close(fd)


def test_deep_scratch_tree_is_removed_without_crashing(tmp_path):
    root = str(tmp_path / "scratch")
    _deep_tree(root, 3000)  # deeper than shutil.rmtree's recursion can go
    assert remove_tree(root) is True
    assert not os.path.exists(root) and os.path.exists("/etc")
    assert remove_tree(root) is True  # already gone


def test_worker_kill_cleans_a_deep_scratch_tree(tmp_path):
    root = str(tmp_path / "scratch")
    _deep_tree(root, 2000)
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, start_new_session=True)
    worker = PipeWorker(process)
    worker.scratch = root
    worker.kill()
    assert not os.path.exists(root)


@pytest.mark.parametrize("source,expected", [
    ("def f():\n    return 1\n", False),
    ("def f():\n    try:\n        g()\n    except (KeyError, ValueError):\n        pass\n", False),
    ("def f():\n    try:\n        g()\n    except Exception:\n        pass\n", True),
    ("def f():\n    try:\n        g()\n    except (KeyError, MemoryError):\n        pass\n", True),
    ("def f():\n    try:\n        g()\n    except:\n        pass\n", True),
    ("def f():\n    try:\n        g()\n    except errors[0]:\n        pass\n", True),
])
def test_only_libraries_that_may_catch_memory_errors_are_traced(source, expected):
    from learnact_engine.sandbox.memwatch import may_catch_memory_error

    assert may_catch_memory_error(source) is expected
