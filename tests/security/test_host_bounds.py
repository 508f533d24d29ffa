"""Host classes of issue 14: policy-respecting library code that tried to crash or exhaust the host.

Each test runs on every backend of the security suite (`sandbox` fixture) and checks what the
host kept, printed and reported: memory and output stay bounded, text stays encodable, limits
are reported from what the host observed, and a worker that met a limit is never reused.
"""

from __future__ import annotations

import json
import resource

import pytest
from learnact_engine.sandbox import Limits, PrimitiveReply, Session

LIMITS = Limits(wall_seconds=20, cpu_seconds=10, memory_mb=128, primitive_calls=1000)

LIBRARY = '''
def amplify(size, times):
    big = "x" * size
    for _ in range(times):
        try:
            goto(big)
        except ValueError:
            pass
    return "done"

def empty_prints():
    while True:
        print(end="")

def caught_memory():
    try:
        junk = "a" * (10 ** 10)
    except MemoryError:
        pass
    return "survived"

def caught_growth():
    kept = []
    try:
        while True:
            kept.append("y" * 1000000 + str(len(kept)))
    except MemoryError:
        kept = None
    return "survived"

def own_memory_error():
    raise MemoryError("x")

def unencodable(text):
    print("lone \\ud800 tag \\U000e0041\\U000e0042 sep \\u2028 bom \\ufeff end")
    return ["\\udc80", text]

def odd(text):
    return goto(text)

def fine():
    return goto("desk 1")
'''


class CountingAcquire:
    """Counts fresh workers a session takes: a retired worker means one more acquisition."""

    def __init__(self, pool):
        self.pool, self.count = pool, 0

    def __call__(self):
        self.count += 1
        return self.pool.acquire()


@pytest.fixture
def session_and_log(sandbox):
    seen: list[tuple] = []

    def goto(*args):
        seen.append(args)
        return PrimitiveReply(f"You arrive at {str(args[0])[:20]}.", f"go to {args[0]}")

    acquire = CountingAcquire(sandbox.pool)
    session = Session(acquire, LIMITS)
    loaded = session.load(LIBRARY, {"goto": goto})
    assert loaded.ok, loaded.message()
    yield session, seen, acquire
    session.close()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.mark.parametrize("size", [3_000_000, 60_000])
def test_primitive_argument_amplification_keeps_host_bounded(session_and_log, size):
    session, seen, _ = session_and_log
    before = _peak_rss_mb()
    result = session.call("amplify", [size, 1000])
    growth = _peak_rss_mb() - before
    # 3 MB: over the frame cap, the worker is killed at the first frame; 60 kB: every call refused
    # by the host (the code sees ValueError) until the primitive budget runs out
    assert result.status in ("ok", "output_limit", "step_budget"), result
    assert all(len(str(a)) <= LIMITS.argument_chars for args in seen for a in args), "a huge argument reached a handler"
    assert growth < 200, f"host peak RSS grew by {growth:.0f} MB"
    encoded = json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")
    assert len(encoded) < 200_000
    assert all(len(str(a)) <= 200 for call in result.primitive_calls for a in call.args)


def test_refused_argument_is_a_value_error_for_the_code(session_and_log):
    session, seen, _ = session_and_log
    result = session.call("amplify", [5000, 3])
    assert result.status == "ok" and result.value == "done"
    assert seen == [] and len(result.primitive_calls) == 3
    assert result.primitive_calls[0].observation is None


def test_empty_prints_hit_the_output_limit(session_and_log):
    session, _, _ = session_and_log
    result = session.call("empty_prints")
    assert result.status == "output_limit"
    assert "print" in result.error.message


@pytest.mark.parametrize("action", ["caught_memory", "caught_growth"])
def test_caught_memory_error_still_retires_the_worker(session_and_log, action):
    session, _, acquire = session_and_log
    workers = acquire.count
    result = session.call(action)
    assert result.status == "memory", result
    assert session.call("fine").ok  # works again, on a fresh worker
    assert acquire.count == workers + 1


def test_own_memory_error_is_an_ordinary_error_and_never_reused(session_and_log):
    session, _, acquire = session_and_log
    workers = acquire.count
    result = session.call("own_memory_error")
    assert result.status == "error"
    assert (result.error.type, result.error.message) == ("MemoryError", "x")
    assert session.call("fine").ok
    assert acquire.count == workers + 1


def test_lone_surrogates_and_invisible_text_never_reach_the_host_unescaped(session_and_log):
    session, _, _ = session_and_log
    result = session.call_text('unencodable("\\ud800\\U000e0041x")')
    assert result.status == "ok", result
    text = json.dumps(result.to_dict(), ensure_ascii=False)
    text.encode("utf-8")  # no UnicodeEncodeError
    for bad in ("\U000e0041", "\u2028", "\ufeff"):
        assert bad not in text
    assert "\\ud800" in result.stdout and result.value == ["\\udc80", "\\ud800x"]
    rejected = session.call_text('nope("\\udcff" +)')
    assert rejected.status == "rejected"
    json.dumps(rejected.to_dict(), ensure_ascii=False).encode("utf-8")


def test_unclean_argument_to_a_primitive_is_refused(session_and_log):
    session, seen, _ = session_and_log
    for argument in ("desk \\ud800 1", "desk\\U000e00411", "desk\\x1b[2J 1"):
        result = session.call_text(f'odd("{argument}")')
        assert result.status == "error" and result.error.type == "ValueError", result
    assert seen == []


UNGUARDED = '''
def allocate():
    return "a" * (10 ** 10)

def own():
    raise MemoryError("x")

def own_bare():
    raise MemoryError

def fine():
    return 1
'''


@pytest.mark.parametrize("action,status", [("allocate", "memory"), ("own", "error"), ("own_bare", "error")])
def test_uncaught_memory_errors_are_classified_by_what_happened(sandbox, action, status):
    """A library with no handler that could catch a MemoryError runs untraced: the worker tells
    an allocation failure from a `raise` by the traceback; either way the worker is retired."""
    acquire = CountingAcquire(sandbox.pool)
    session = Session(acquire, LIMITS)
    try:
        assert session.load(UNGUARDED, {}).ok
        result = session.call(action)
        assert result.status == status and result.error.type == "MemoryError"
        assert session.call("fine").ok and acquire.count == 2
    finally:
        session.close()


AMPLIFY_CLI = '''
def amplify(size):
    big = "x" * size
    for _ in range(1000):
        try:
            Pickup(big)
        except ValueError:
            pass
    return "done"
'''


@pytest.mark.parametrize("size", [3_000_000, 60_000])
def test_exec_json_stays_small_under_amplification(tmp_path, capsys, size):
    from learnact_engine.cli import main
    from learnact_engine.envs.robotic_planning.env import RoboticPlanningEnv

    library = tmp_path / "amplify.py"
    library.write_text(AMPLIFY_CLI)
    task = RoboticPlanningEnv(game="blockworld").tasks("test")[0]
    code = main(["exec", str(library), "--call", f"amplify({size})", "--domain", "robotic_planning",
                 "--task", task, "--json"])
    out = capsys.readouterr().out
    assert code == 1 and len(out.encode("utf-8")) < 100_000
    assert json.loads(out)["status"] in ("output_limit", "step_budget")
