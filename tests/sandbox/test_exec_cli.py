"""`learnact-engine exec`: the JSON contract, exit codes and one-line stderr messages."""

import json
import subprocess
import sys

import pytest

LIBRARY = '''
def greet(name, times):
    print("hello", name)
    return {"name": name, "times": times}

def broken(x):
    return x.missing
'''


def run_exec(*args):
    return subprocess.run([sys.executable, "-m", "learnact_engine", "exec", *args], capture_output=True, text=True, timeout=120)


@pytest.fixture
def library(tmp_path):
    path = tmp_path / "actions.py"
    path.write_text(LIBRARY)
    return str(path)


def test_ok_prints_exactly_one_json_object(library):
    proc = run_exec(library, "--call", 'greet("a", 2)', "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == ["status", "value", "error", "stdout", "primitive_calls", "elapsed_s"]
    assert data["status"] == "ok" and data["value"] == {"name": "a", "times": 2}
    assert data["error"] is None and data["stdout"] == "hello a\n" and data["primitive_calls"] == []


def test_error_has_type_message_line_and_traceback(library):
    proc = run_exec(library, "--call", "broken(1)", "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert data["status"] == "error"
    assert data["error"]["type"] == "AttributeError" and data["error"]["line"] == 7
    assert "return x.missing" in data["error"]["traceback"]
    assert len(proc.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("call", ["greet(x, 1)", "import os", "greet('a', 1); greet('b', 2)", "a.b()"])
def test_anything_but_one_literal_call_is_rejected(library, call):
    proc = run_exec(library, "--call", call, "--json")
    assert proc.returncode == 1
    assert json.loads(proc.stdout)["status"] == "rejected"
    assert len(proc.stderr.strip().splitlines()) == 1


def test_timeout_status(tmp_path):
    path = tmp_path / "spin.py"
    path.write_text("def spin():\n    while True:\n        pass\n")
    proc = run_exec(str(path), "--call", "spin()", "--timeout", "1", "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["status"] == "timeout"


def test_memory_status(tmp_path):
    path = tmp_path / "big.py"
    path.write_text("def big():\n    return len('x' * 10 ** 10)\n")
    proc = run_exec(str(path), "--call", "big()", "--memory-mb", "64", "--json")
    assert proc.returncode == 1 and json.loads(proc.stdout)["status"] == "memory"


def test_no_primitives_without_a_domain(tmp_path):
    path = tmp_path / "prim.py"
    path.write_text("def go():\n    return goto('desk 1')\n")
    data = json.loads(run_exec(str(path), "--call", "go()", "--json").stdout)
    assert data["status"] == "error" and data["error"]["type"] == "NameError"


@pytest.mark.parametrize(
    "args",
    [
        ["/nonexistent/actions.py", "--call", "f()"],
        ["--call", "f()"],
        ["LIB", "--call", "f()", "--timeout", "-1"],
        ["LIB", "--call", "f()", "--sandbox", "chroot"],
        ["LIB", "--call", "f()", "--memory-mb", "zero"],
    ],
)
def test_usage_errors_exit_2_with_one_line(library, args):
    proc = run_exec(*[library if a == "LIB" else a for a in args])
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_domain_primitives_step_the_real_environment(tmp_path):
    """`exec --domain D --task T`: the library's primitive calls become the env's commands."""
    path = tmp_path / "carry.py"
    path.write_text(
        "def carry(obj, src, dst):\n"
        "    observation = pick(obj, src, 'left')\n"
        "    move(src, dst)\n"
        "    return drop(obj, dst, 'left')\n"
    )
    # built-in instance (seed 0): robby and ball6 start in roomb; ball6 is the last ball to move to rooma
    data = json.loads(run_exec(str(path), "--call", 'carry("ball6", "roomb", "rooma")', "--domain", "robotic_planning",
                               "--task", "gripper/gen08", "--json").stdout)
    assert data["status"] == "ok"
    calls = data["primitive_calls"]
    assert [c["name"] for c in calls] == ["pick", "move", "drop"]
    assert all(isinstance(c["command"], str) and isinstance(c["observation"], str) for c in calls)
    assert calls[0]["command"] == "pick up ball6 at roomb with arm left"
    assert "Ball6 is at rooma." in calls[-1]["observation"]
    assert calls[-1]["observation"].endswith("The goal is satisfied.")


def test_domain_needs_a_task(library):
    proc = run_exec(library, "--call", "greet('a', 1)", "--domain", "robotic_planning")
    assert proc.returncode == 2 and "--task" in proc.stderr
