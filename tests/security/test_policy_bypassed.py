"""The OS boundary on its own: plain Python (the restricted-Python policy switched off, as after a
RestrictedPython bypass) runs inside each backend's real boundary and tries every way out that the
red-team review found. See bypassed_worker.py for how the test-only worker is started."""

from __future__ import annotations

import os
import platform
import socket
import uuid
from pathlib import Path

import pytest

import learnact_engine
from learnact_engine.sandbox import Limits, open_sandbox

from .bypassed_probes import PROBES
from .bypassed_worker import PYTHON_ARGS

LIMITS = Limits(wall_seconds=15, cpu_seconds=1, memory_mb=128, output_bytes=10_000, return_bytes=50_000)
TMPFS_MB = 4
BACKENDS = [pytest.param("restricted", id="restricted"), pytest.param("docker", id="docker", marks=pytest.mark.docker)]
HOST_TEMP = ("/tmp", "/var/tmp", "/dev/shm")


@pytest.fixture(scope="module", params=BACKENDS)
def bypassed(request):
    if request.param == "docker":
        request.getfixturevalue("require_docker")
    box = open_sandbox(request.param, LIMITS, pool_size=0, tmpfs_mb=TMPFS_MB,
                       test_worker_python_args=PYTHON_ARGS[request.param])
    yield box
    box.close()


def start(box):
    session = box.session()
    loaded = session.load(PROBES, {})
    assert loaded.ok, loaded.message()
    return session


def run(session, name, *args):
    result = session.call(name, list(args))
    assert result.status == "ok", (result.status, result.error)
    return result.value


def host_pid(box, session) -> int:
    worker = session._worker
    if box.backend.name == "restricted":
        return worker.worker_pid
    return box.backend._client.api.inspect_container(worker.container_id)["State"]["Pid"]


def host_uid(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Uid:"):
            return int(line.split()[1])
    raise AssertionError("no Uid line")


def test_the_policy_is_really_off(bypassed):
    with start(bypassed) as session:
        assert run(session, "signal_pid", os.getpid()) in ("ESRCH", "EPERM")  # plain `os` works: no policy


def test_no_set_uid_escalation(bypassed):
    with start(bypassed) as session:
        facts = run(session, "identity")
    assert facts["NoNewPrivs"] == "1" and facts["Seccomp"] == "2"
    for key in ("CapEff", "CapPrm", "CapAmb", "CapInh"):
        assert int(facts[key], 16) == 0, (key, facts[key])
    assert facts["uid"] != 0 and facts["euid"] != 0
    assert facts["setuid0"] == "EPERM" and facts["setresuid0"] == "EPERM"
    if bypassed.backend.name == "restricted":
        assert facts["mounts_without_nosuid"] == []  # no set-uid file anywhere in view can take effect


def test_sessions_cannot_signal_or_see_each_other(bypassed):
    with start(bypassed) as first, start(bypassed) as second:
        first_pid, second_pid = host_pid(bypassed, first), host_pid(bypassed, second)
        assert run(first, "signal_pid", second_pid) == "ESRCH"  # not even in its PID namespace
        assert run(second, "signal_pid", first_pid) == "ESRCH"
        marker = f"learnact-mine-{uuid.uuid4().hex}"
        assert run(first, "write_everywhere", marker)["/tmp"] == "written"
        assert run(second, "find", marker) == []  # the other session's scratch is out of reach
        if bypassed.backend.name == "restricted":
            uids = {host_uid(first_pid), host_uid(second_pid)}
            if os.geteuid() == 0:
                assert len(uids) == 2 and os.getuid() not in uids  # a host uid of its own per worker


def test_only_a_private_tmpfs_is_writable(bypassed):
    marker = f"learnact-persist-{uuid.uuid4().hex}"
    with start(bypassed) as session:
        outcome = run(session, "write_everywhere", marker)
    assert outcome["/tmp"] == "written"
    for folder in ("/var/tmp", "/", "/opt/learnact", "/root", "/home", "/run", "/etc"):
        assert outcome[folder] in ("EROFS", "EACCES", "ENOENT", "EPERM"), (folder, outcome[folder])
    if bypassed.backend.name == "restricted":
        assert outcome["/dev/shm"] != "written" and outcome["/dev"] != "written"
    for folder in HOST_TEMP:  # nothing reached the host's temporary folders
        assert not os.path.exists(os.path.join(folder, marker))
    with start(bypassed) as later:  # and nothing persists into the next worker
        assert run(later, "find", marker) == []


def test_tmpfs_is_size_capped(bypassed):
    with start(bypassed) as session:
        filled = run(session, "fill_tmp", 256, TMPFS_MB * 4)
    assert filled["error"] == "ENOSPC" and filled["written"] <= TMPFS_MB * 1024 * 1024


def test_host_files_homes_and_processes_are_out_of_sight(bypassed):
    project = Path(learnact_engine.__file__).resolve().parent.parent
    secrets = [str(project / "pyproject.toml"), str(project / "README.md"), "/tmp/learnact-canary-file",
               str(Path.home() / ".bashrc"), "/etc/shadow", "/proc/1/environ"]
    Path("/tmp/learnact-canary-file").write_text("host secret")
    try:
        with start(bypassed) as session:
            read = run(session, "read_host", secrets)
            seen = run(session, "listing", ["/home", str(Path.home()), str(project)])
            commands = run(session, "processes")
    finally:
        Path("/tmp/learnact-canary-file").unlink(missing_ok=True)
    for path in secrets[:4]:
        assert read[path] in ("ENOENT", "EACCES"), (path, read[path])
    assert read["/proc/1/environ"] != "read" or bypassed.backend.name == "docker"  # bwrap's init is not its own
    assert seen[str(project)] in ("ENOENT", "EACCES")
    assert seen["/home"] in ("ENOENT", "EACCES", [])
    if bypassed.backend.name == "restricted":
        assert seen[str(Path.home())] in ("ENOENT", "EACCES") or set(seen[str(Path.home())]) <= {".pyenv"}
    assert len(commands) <= 3 and not any("pytest" in c or "learnact-engine" in c for c in commands), commands


def test_unix_sockets_of_the_host_are_unreachable(bypassed, tmp_path):
    path = f"/tmp/learnact-{uuid.uuid4().hex[:12]}.sock"
    abstract = f"learnact-{uuid.uuid4().hex[:12]}"
    listeners = []
    try:
        for address in (path, "\0" + abstract):
            listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            listener.bind(address)
            listener.listen(1)
            listener.setblocking(False)
            listeners.append(listener)
        with start(bypassed) as session:
            outcome = run(session, "connect_unix", path, abstract)
        assert outcome["path"] in ("ENOENT", "EACCES"), outcome
        assert outcome["abstract"] in ("ECONNREFUSED", "ENOENT"), outcome  # another network namespace
        for listener in listeners:
            with pytest.raises(BlockingIOError):
                listener.accept()
    finally:
        for listener in listeners:
            listener.close()
        Path(path).unlink(missing_ok=True)


def test_no_new_namespaces(bypassed):
    with start(bypassed) as session:
        outcome = run(session, "namespaces")
    assert set(outcome.values()) == {"EPERM"}, outcome


@pytest.mark.skipif(platform.machine() != "x86_64", reason="system call numbers are x86_64's")
def test_seccomp_denies_the_dangerous_system_calls(bypassed):
    with start(bypassed) as session:
        outcome = run(session, "forbidden_syscalls")
        init = run(session, "ptrace_init")
    assert {name: value for name, value in outcome.items() if value != "EPERM"} == {}
    assert init == "EPERM"


def test_cpu_limit_cannot_be_raised(bypassed, request):
    with start(bypassed) as session:
        if session._worker.worker_pid is None:  # a remote Docker daemon: the host cannot watch the CPU
            request.applymarker(pytest.mark.xfail(strict=True, reason=(
                "the worker arms its own per-call CPU rlimit, which plain code can raise; the wall clock still kills it")))
        if bypassed.backend.name == "restricted":  # the filter forbids touching it at all
            assert run(session, "change_cpu_limit") in ("refused", "EPERM")
        result = session.call("raise_cpu_limit_then_spin")
    assert result.status == "timeout" and "CPU" in result.error.message, (result.status, result.error)
    assert result.elapsed_s < LIMITS.wall_seconds


def test_no_process_can_be_started_beyond_the_limit(bypassed):
    with start(bypassed) as session:
        outcome = run(session, "fork_many", 64)
    if bypassed.backend.name == "restricted":
        assert outcome == {"started": 0, "error": "EAGAIN"}  # RLIMIT_NPROC 0 for its own uid
    else:
        assert outcome["error"] == "EAGAIN" and outcome["started"] <= bypassed.backend.spec.pids - 2


def test_nothing_is_left_after_the_worker(bypassed):
    before = {folder: set(os.listdir(folder)) for folder in HOST_TEMP if os.path.isdir(folder)}
    session = start(bypassed)
    worker = session._worker
    pid = host_pid(bypassed, session)
    uid = host_uid(pid)
    result = session.call("leave_a_process_and_exit")
    assert result.status == "crashed"
    session.close()
    if bypassed.backend.name == "restricted":
        assert worker.process.poll() is not None
        if os.geteuid() == 0:
            leftover = [p.name for p in Path("/proc").iterdir() if p.name.isdigit() and _uid_of(p) == uid]
            assert leftover == []
    else:
        client = bypassed.backend._client
        assert client.api.containers(all=True, filters={"id": worker.container_id}) == []
    for folder, entries in before.items():
        new = {e for e in set(os.listdir(folder)) - entries if "learnact" in e}
        assert new == set(), (folder, new)


def _uid_of(proc: Path) -> int | None:
    try:
        for line in (proc / "status").read_text().splitlines():
            if line.startswith("Uid:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None
