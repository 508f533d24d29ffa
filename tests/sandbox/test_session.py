"""Session behaviour on the restricted backend: reuse, recycling after limits, pool, isolation."""

import pytest

from learnact_engine.sandbox import Limits, PrimitiveReply, open_sandbox

SOURCE = '''
import random
def roll():
    return random.randint(1, 10 ** 9)
def walk(targets):
    return [goto(t) for t in targets]
def spin():
    while True:
        pass
'''


@pytest.fixture(scope="module")
def sandbox():
    box = open_sandbox("restricted", Limits(wall_seconds=2, cpu_seconds=1), pool_size=1)
    yield box
    box.close()


def test_primitives_are_answered_on_the_host_with_commands(sandbox):
    with sandbox.session() as session:
        assert session.load(SOURCE, {"goto": lambda t: PrimitiveReply(f"at {t}", f"go to {t}")}).ok
        result = session.call("walk", [["a", "b"]])
    assert result.value == ["at a", "at b"]
    assert [(c.command, c.observation) for c in result.primitive_calls] == [("go to a", "at a"), ("go to b", "at b")]


def test_random_is_seeded_per_call_and_reproducible(sandbox):
    def rolls(seed):
        with sandbox.session(seed=seed) as session:
            session.load(SOURCE, {})
            return [session.call("roll").value for _ in range(3)]

    first = rolls(7)
    assert first == rolls(7)
    assert len(set(first)) == 3  # a fresh generator per call, not one shared stream replayed


def test_a_worker_that_hit_a_limit_is_replaced(sandbox):
    with sandbox.session() as session:
        session.load(SOURCE, {"goto": lambda t: t})
        first_pid = session._worker.process.pid
        assert session.call("spin").status == "timeout"
        assert session._worker is None
        assert session.call("walk", [["x"]]).value == ["x"]
        assert session._worker.process.pid != first_pid


def test_sessions_never_share_a_worker(sandbox):
    pids = set()
    for _ in range(3):
        with sandbox.session() as session:
            session.load(SOURCE, {})
            pids.add(session._worker.process.pid)
    assert len(pids) == 3


def test_worker_confinement_facts(sandbox):
    from learnact_engine.sandbox.process_backend import check_worker

    with sandbox.session() as session:
        session.load(SOURCE, {})
        worker = session._worker
        assert check_worker(worker) == []  # namespaces, own uid, no capabilities, no_new_privs, seccomp
        assert worker.facts["writable"] == ["/tmp"] and worker.facts["cpu_limit_locked"] is True


def test_rejected_library_makes_every_call_rejected(sandbox):
    with sandbox.session() as session:
        loaded = session.load("import os\n", {})
        assert not loaded.ok and "line 1" in loaded.message()
        assert session.call("anything").status == "rejected"


def test_primitive_errors_surface_inside_the_sandbox(sandbox):
    def goto(target):
        raise TypeError("goto() takes 1 argument (recep)")

    with sandbox.session() as session:
        session.load(SOURCE, {"goto": goto})
        result = session.call("walk", [["a"]])
    assert result.status == "error" and "goto() takes 1 argument" in result.error.message
