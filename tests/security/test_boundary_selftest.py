"""The restricted backend's start-up self-test: it refuses to run, with one clear line, whenever a
part of the OS boundary is missing or did not take effect."""

from __future__ import annotations

import os

import pytest

from learnact_engine.sandbox import Limits, open_sandbox
from learnact_engine.sandbox import bubblewrap, seccomp_filter
from learnact_engine.sandbox.bubblewrap import BoundaryUnavailable
from learnact_engine.sandbox.process_backend import RestrictedBackend, check_worker


def _one_line(exc: BaseException) -> str:
    text = str(exc)
    assert "\n" not in text and text
    return text


def test_refuses_without_bubblewrap(monkeypatch):
    monkeypatch.setattr(bubblewrap.shutil, "which", lambda name: None)
    monkeypatch.setattr(bubblewrap.os, "access", lambda path, mode: False)
    with pytest.raises(BoundaryUnavailable) as refused:
        open_sandbox("restricted", Limits(), pool_size=0)
    assert "bubblewrap" in _one_line(refused.value) and "ensure-system.sh" in str(refused.value)


def test_refuses_without_libseccomp(monkeypatch):
    monkeypatch.setattr(seccomp_filter.ctypes.util, "find_library", lambda name: "libseccomp-missing.so.0")
    with pytest.raises(BoundaryUnavailable) as refused:
        RestrictedBackend()
    assert "libseccomp" in _one_line(refused.value)


def test_refuses_when_the_worker_cannot_start(monkeypatch):
    backend = RestrictedBackend(self_test=False)
    monkeypatch.setattr(backend, "spawn_worker", lambda *a: (_ for _ in ()).throw(RuntimeError("bwrap: No permissions")))
    with pytest.raises(BoundaryUnavailable) as refused:
        backend.self_test()
    assert "user namespaces" in _one_line(refused.value) and "No permissions" in str(refused.value)


def test_a_worker_outside_the_boundary_fails_the_checks():
    """The same bwrap sandbox, but the worker skips its own confinement: the host sees it."""
    backend = RestrictedBackend(self_test=False)
    worker = backend.spawn_worker(("-E", "-s", "-S", "-B", "-m", "learnact_engine.sandbox.worker"))
    try:
        failures = " ".join(check_worker(worker))
    finally:
        worker.kill()
    assert "no seccomp filter" in failures and "writable places" in failures
    if os.geteuid() == 0:
        assert "host uid" in failures and "capabilities" in failures


def test_the_real_worker_passes_and_a_tampered_report_does_not():
    backend = RestrictedBackend(self_test=False)
    worker = backend.spawn_worker()
    try:
        assert check_worker(worker) == []
        worker.facts = {**worker.facts, "writable": ["/", "/tmp"]}
        assert any("writable" in failure for failure in check_worker(worker))
    finally:
        worker.kill()


@pytest.mark.skipif(os.geteuid() != 0, reason="host uids per worker are leased only as root")
def test_uid_leases_are_exclusive_and_released(monkeypatch):
    from learnact_engine.sandbox import uid_lease

    first = uid_lease.lease_uid()
    monkeypatch.setattr(uid_lease.random, "randrange", lambda n, uid=first.uid: uid - uid_lease.UID_BASE)
    with pytest.raises(uid_lease.NoUidAvailable):  # the only candidate is held
        uid_lease.lease_uid()
    first.release()
    again = uid_lease.lease_uid()  # released: the same uid can be leased again
    assert again.uid == first.uid
    again.release()
    assert not os.path.exists(os.path.join(uid_lease.LEASE_DIR, str(first.uid)))
