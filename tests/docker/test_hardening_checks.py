"""The hardening checks and the image tag, without a daemon: each check must catch its weakening."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnact_engine.sandbox import image
from learnact_engine.sandbox.docker_hardening import (
    MB, WORKER_COMMAND, ContainerSpec, check_host_config, check_probe_facts,
)

SPEC = ContainerSpec()


def recorded_config(spec: ContainerSpec) -> dict:
    """What `docker inspect` reports for a container started with spec.host_config_kwargs()."""
    return {
        "HostConfig": {
            "Privileged": False, "NetworkMode": "none", "ReadonlyRootfs": True, "CapDrop": ["ALL"], "CapAdd": None,
            "SecurityOpt": ["no-new-privileges:true"], "Memory": spec.memory_mb * MB, "MemorySwap": spec.memory_mb * MB,
            "PidsLimit": spec.pids, "Binds": None, "Tmpfs": {"/tmp": f"rw,noexec,nosuid,nodev,size={spec.tmpfs_mb}m"},
            "Devices": [], "LogConfig": {"Type": "none", "Config": {}}, "Init": True, "PidMode": "", "IpcMode": "none",
            "UTSMode": "", "UsernsMode": "", "CgroupnsMode": "private",
            "Ulimits": [{"Name": "nofile", "Hard": spec.nofile, "Soft": spec.nofile},
                        {"Name": "fsize", "Hard": spec.fsize_mb * MB, "Soft": spec.fsize_mb * MB}],
        },
        "Config": {"User": spec.user, "Cmd": list(WORKER_COMMAND)},
        "Mounts": [],
    }


def observed_facts(spec: ContainerSpec) -> dict:
    """What the probe prints inside a container started with spec.host_config_kwargs()."""
    return {"uid": 10001, "euid": 10001, "gid": 10001, "CapEff": "0000000000000000", "CapPrm": "0000000000000000",
            "CapAmb": "0000000000000000", "NoNewPrivs": "1", "Seccomp": "2", "interfaces": ["lo"],
            "connect": "ENETUNREACH", "dns": "failed", "root_write": "EROFS", "tmp_exec": "EACCES", "environ": [],
            "nofile": spec.nofile, "fsize": spec.fsize_mb * MB, "memory_limit": str(spec.memory_mb * MB),
            "pids_max": str(spec.pids), "docker_socket": False, "own_seccomp": "installed", "ptrace_init": "EPERM"}


def test_hardened_container_passes():
    assert check_host_config(recorded_config(SPEC), SPEC) == []
    assert check_probe_facts(observed_facts(SPEC), SPEC) == []


@pytest.mark.parametrize("section,key,value,says", [
    ("HostConfig", "Privileged", True, "privileged"),
    ("HostConfig", "NetworkMode", "bridge", "network"),
    ("HostConfig", "ReadonlyRootfs", False, "writable"),
    ("HostConfig", "CapDrop", None, "capabilities"),
    ("HostConfig", "CapAdd", ["SYS_ADMIN"], "added"),
    ("HostConfig", "SecurityOpt", [], "no-new-privileges"),
    ("HostConfig", "MemorySwap", -1, "swap"),
    ("HostConfig", "PidsLimit", 0, "pids"),
    ("HostConfig", "Binds", ["/var/run/docker.sock:/var/run/docker.sock"], "mounted"),
    ("HostConfig", "LogConfig", {"Type": "json-file"}, "log driver"),
    ("HostConfig", "Init", False, "init"),
    ("HostConfig", "PidMode", "host", "PidMode"),
    ("Config", "User", "0:0", "user"),
    ("Config", "Cmd", ["python3", "-m", "learnact_engine.sandbox.worker"], "empty environment"),
])
def test_each_weakened_setting_is_caught(section, key, value, says):
    attrs = recorded_config(SPEC)
    attrs[section][key] = value
    failures = check_host_config(attrs, SPEC)
    assert failures and says.lower() in " ".join(failures).lower()


@pytest.mark.parametrize("key,value,says", [
    ("uid", 0, "uid"),
    ("CapEff", "00000000a80425fb", "CapEff"),
    ("NoNewPrivs", "0", "no-new-privileges"),
    ("Seccomp", "0", "seccomp"),
    ("interfaces", ["eth0", "lo"], "interfaces"),
    ("connect", "connected", "reachable"),
    ("root_write", "written", "root filesystem"),
    ("tmp_exec", "executed", "/tmp"),
    ("environ", ["LEARNACT_CANARY"], "environment"),
    ("memory_limit", "9223372036854771712", "memory"),
    ("docker_socket", True, "socket"),
    ("own_seccomp", "prctl(PR_SET_SECCOMP) failed", "seccomp filter"),
    ("ptrace_init", "attached", "ptrace"),
])
def test_each_observed_weakness_is_caught(key, value, says):
    facts = observed_facts(SPEC)
    facts[key] = value
    failures = check_probe_facts(facts, SPEC)
    assert failures and says.lower() in " ".join(failures).lower()


def test_spec_refuses_root_and_nonsense():
    with pytest.raises(ValueError, match="non-root"):
        ContainerSpec(user="0:0")
    with pytest.raises(ValueError, match="positive"):
        ContainerSpec(pids=0)
    with pytest.raises(ValueError, match="at least 32"):
        ContainerSpec(memory_mb=8)
    assert ContainerSpec().pids <= 16  # docker-init, the worker and a margin: no room for a fork bomb
    settings = ContainerSpec(memory_mb=300).host_config_kwargs()
    assert settings["mem_limit"] == settings["memswap_limit"] == 300 * MB
    assert settings["privileged"] is False and "binds" not in settings and "mounts" not in settings
    assert settings["network_mode"] == "none" and settings["cap_drop"] == ["ALL"] and settings["read_only"] is True


def test_image_tag_follows_the_worker_code(tmp_path, monkeypatch):
    module = tmp_path / "worker.py"
    module.write_text("VERSION = 1\n")
    monkeypatch.setattr(image, "image_files", lambda: [image.ImageFile("learnact_engine/sandbox/worker.py", module)])
    before = image.image_tag()
    assert before == image.image_tag()  # stable
    module.write_text("VERSION = 2\n")
    assert image.image_tag() != before


def test_image_contains_what_the_worker_imports():
    paths = {item.image_path for item in image.image_files()}
    for needed in ("learnact_engine/__init__.py", "learnact_engine/feedback.py", "learnact_engine/sandbox/__init__.py",
                   "learnact_engine/sandbox/worker.py", "learnact_engine/sandbox/protocol.py", "RestrictedPython/__init__.py"):
        assert needed in paths
    assert not any(p.endswith(("docker_backend.py", "image.py")) for p in paths)  # host-only
    assert all(Path(item.source).is_file() for item in image.image_files())
