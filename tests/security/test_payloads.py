"""Every payload of groups A-L against every backend, with the host invariants asserted after each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from learnact_engine.sandbox.plain import to_plain

from .conftest import SECURITY_LIMITS, child_processes, thread_names
from .payloads import CANARY_CONTENT, CANARY_ENV_VALUE, CASES

PROBE = '\n\ndef probe():\n    return goto("probe")\n'
ELAPSED_MARGIN_S = 3.0  # kill + reap; a correctness bound on the kill, not a performance check


def _param_list():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=reason, strict=True) for backend, reason in case.xfail.items()]
        yield pytest.param(case, id=case.id, marks=marks)


def _assert_clean_text(text: str) -> None:
    assert "\x1b" not in text and "\x00" not in text and "\r" not in text and "\u202e" not in text


@pytest.mark.parametrize("case", list(_param_list()))
def test_payload_is_contained(sandbox, canaries, case):
    host_log: list[tuple] = []

    def goto(target):
        host_log.append(("goto", target))
        return f"You arrive at {target}."

    threads_before = thread_names()
    session = sandbox.session()
    try:
        loaded = session.load(case.source + PROBE, {"goto": goto})
        result = session.call_text(case.call)
        second = session.call_text(case.call) if result.status == "ok" else None
        probe = session.call("probe") if loaded.ok else None
    finally:
        session.close()

    # the outcome, for the right reason
    assert result.status in case.expect, (result.status, result.error)
    if case.says:
        assert result.error is not None and case.says.lower() in (result.error.message + result.error.traceback).lower(), result.error
    if second is not None:  # nothing survives between calls
        assert second.status == "ok" and second.value == result.value

    # host invariants
    record = result.to_dict()
    serialised = json.dumps(record)
    assert to_plain(record, 10_000_000) == json.loads(serialised)  # plain data only
    for secret in (CANARY_CONTENT, CANARY_ENV_VALUE):
        assert secret not in serialised
    for field in (result.stdout, serialised):
        _assert_clean_text(field)
    if result.error:
        _assert_clean_text(result.error.traceback)
        assert len(result.error.message) <= 2_000 and len(result.error.traceback) <= 7_000
    assert len(result.stdout) <= SECURITY_LIMITS.output_bytes + 100
    assert result.elapsed_s <= SECURITY_LIMITS.wall_seconds + ELAPSED_MARGIN_S
    assert not Path("/tmp/learnact-pwned").exists()
    assert canaries["file"].read_text() == CANARY_CONTENT
    with pytest.raises(BlockingIOError):
        canaries["listener"].accept()  # nobody connected
    if probe is not None:  # primitives intact, the worker (or its replacement) answers
        assert probe.status == "ok" and probe.value == "You arrive at probe."
    assert all(kind == "goto" and isinstance(arg, (str, int, float, bool, type(None))) for kind, arg in host_log)
    assert child_processes() == []  # no worker left behind
    assert thread_names() <= threads_before | {"sandbox-pool"}


def test_every_group_is_covered():
    groups = {case.group for case in CASES}
    assert groups == set("ABCDEFGHIJKL")
    for group in groups:
        assert sum(case.group == group for case in CASES) >= 3, group
