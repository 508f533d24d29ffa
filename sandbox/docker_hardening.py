"""The hardened container: its settings, and the checks that they took effect.

One place builds the settings (ContainerSpec.host_config_kwargs) and two checks verify them at start-up:
`check_host_config` reads what the daemon recorded for a real worker container (docker inspect),
`check_probe_facts` reads what a process inside a container started with the same flags observes
(uid, capabilities, network, mounts, limits, environment). The backend refuses to run if either
finds a difference. Never added, whatever a caller asks: privileged mode, added capabilities, host
namespaces, the Docker socket, bind mounts.

Beside Docker's default seccomp profile, the worker installs the sandbox's own filter on itself
before it reads any code (seccomp_filter.py; the two stack), which among others denies `ptrace`:
with every process of the container under one uid, Docker's profile alone lets the worker trace
the container's init.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024
IMAGE_USER = "10001:10001"  # the image's unprivileged `sandbox` user
PYTHON_COMMAND = ("/usr/bin/env", "-i", "/opt/learnact/python")
SECCOMP_PATH = "/opt/learnact/seccomp.bpf"  # the sandbox's filter (seccomp_filter.py), baked into the image
WORKER_SECCOMP_ARGS = ("--seccomp", SECCOMP_PATH)
WORKER_COMMAND = (*PYTHON_COMMAND, "-E", "-s", "-B", "-m", "learnact_engine.sandbox.worker", *WORKER_SECCOMP_ARGS)
DEFAULT_PIDS = 16  # docker-init, the worker, and a margin: the worker itself starts nothing


class HardeningError(RuntimeError):
    """The container hardening did not take effect: the backend must not run untrusted code."""


@dataclass(frozen=True)
class ContainerSpec:
    """Resource caps of one sandbox container, fixed when the backend is built.

    `memory_mb` is the container's hard cap (memory = memory+swap, so no swap); the session's
    `Limits.memory_mb` arrives later with the library and is applied inside by the worker as an
    address-space limit, so the effective budget is the smaller of the two. The default leaves room
    for the default 256 MB session budget, the worker's own ~20 MB and the /tmp tmpfs.
    """

    memory_mb: int = 512
    pids: int = DEFAULT_PIDS
    cpus: float = 1.0
    tmpfs_mb: int = 16
    nofile: int = 64
    fsize_mb: int = 10
    user: str = IMAGE_USER
    runtime: str | None = None  # e.g. "runsc" (gVisor) when installed

    def __post_init__(self) -> None:
        for name in ("memory_mb", "pids", "cpus", "tmpfs_mb", "nofile", "fsize_mb"):
            value = getattr(self, name)
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"container {name} must be a positive number, got {value!r}")
        if self.memory_mb < 32:
            raise ValueError("container memory_mb must be at least 32 (the worker alone needs ~20 MB)")
        uid, _, gid = self.user.partition(":")
        if not (uid.isdigit() and gid.isdigit()) or int(uid) == 0 or int(gid) == 0:
            raise ValueError(f"container user must be a numeric non-root uid:gid, got {self.user!r}")
        if self.runtime is not None and not self.runtime.replace("-", "").replace(".", "").isalnum():
            raise ValueError(f"invalid container runtime name {self.runtime!r}")

    def host_config_kwargs(self) -> dict:
        """Keyword arguments of docker-py's create_host_config: the hardening baseline (sandbox.md §2)."""
        from docker.types import LogConfig, Ulimit

        return {
            "network_mode": "none",
            "read_only": True,
            "tmpfs": {"/tmp": f"rw,noexec,nosuid,nodev,size={self.tmpfs_mb}m,mode=1777"},
            "mem_limit": self.memory_mb * MB,
            "memswap_limit": self.memory_mb * MB,  # equal: no swap
            "pids_limit": self.pids,
            "nano_cpus": int(self.cpus * 1e9),
            "cap_drop": ["ALL"],
            "security_opt": ["no-new-privileges:true"],
            "ulimits": [Ulimit(name="nofile", soft=self.nofile, hard=self.nofile),
                        Ulimit(name="fsize", soft=self.fsize_mb * MB, hard=self.fsize_mb * MB),
                        Ulimit(name="core", soft=0, hard=0)],
            "log_config": LogConfig(type="none"),
            "init": True,
            "ipc_mode": "none",
            "cgroupns": "private",
            "privileged": False,
            "auto_remove": False,  # the exit state (OOMKilled) is read before the host removes it
            **({"runtime": self.runtime} if self.runtime else {}),
        }


def check_host_config(attrs: dict, spec: ContainerSpec) -> list[str]:
    """What the daemon recorded for a running worker container, against the spec."""
    host = attrs.get("HostConfig") or {}
    config = attrs.get("Config") or {}
    failures = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    expect(host.get("Privileged") is False, "container is privileged")
    expect(host.get("NetworkMode") == "none", f"network mode is {host.get('NetworkMode')!r}, not 'none'")
    expect(host.get("ReadonlyRootfs") is True, "root filesystem is writable")
    expect([c.upper() for c in host.get("CapDrop") or []] in (["ALL"], ["CAP_ALL"]), f"capabilities not all dropped: {host.get('CapDrop')}")
    expect(not host.get("CapAdd"), f"capabilities added: {host.get('CapAdd')}")
    expect(any(o.replace("=", ":") in ("no-new-privileges:true", "no-new-privileges") for o in host.get("SecurityOpt") or []),
           "no-new-privileges is not set")
    expect(host.get("Memory") == spec.memory_mb * MB, f"memory limit is {host.get('Memory')}, not {spec.memory_mb * MB}")
    expect(host.get("MemorySwap") == spec.memory_mb * MB, f"memory+swap is {host.get('MemorySwap')}, not equal to memory")
    expect(host.get("PidsLimit") == spec.pids, f"pids limit is {host.get('PidsLimit')}, not {spec.pids}")
    expect(not host.get("Binds") and not attrs.get("Mounts"), "host paths are mounted")
    expect(list((host.get("Tmpfs") or {}).keys()) == ["/tmp"], f"unexpected tmpfs mounts {host.get('Tmpfs')}")
    expect("noexec" in (host.get("Tmpfs") or {}).get("/tmp", ""), "/tmp is not noexec")
    expect(not host.get("Devices"), "host devices are mapped")
    expect((host.get("LogConfig") or {}).get("Type") == "none", "log driver is not 'none'")
    expect(host.get("Init") is True, "no init process")
    for mode in ("PidMode", "IpcMode", "UTSMode", "UsernsMode", "CgroupnsMode"):
        expect(host.get(mode) != "host", f"{mode} is host")
    ulimits = {u.get("Name"): u for u in host.get("Ulimits") or []}
    expect(ulimits.get("nofile", {}).get("Hard") == spec.nofile, "nofile ulimit missing")
    expect(ulimits.get("fsize", {}).get("Hard") == spec.fsize_mb * MB, "fsize ulimit missing")
    expect(config.get("User") == spec.user, f"user is {config.get('User')!r}, not {spec.user!r}")
    expect(list(config.get("Cmd") or []) == list(WORKER_COMMAND), "container does not run the worker under an empty environment")
    return failures


# Runs inside a container with the worker's settings; sends one protocol frame of observed facts.
PROBE_SOURCE = r"""
import errno, json, os, resource, socket, subprocess
SECCOMP_PATH = "/opt/learnact/seccomp.bpf"
facts = {"uid": os.getuid(), "gid": os.getgid(), "euid": os.geteuid()}
# the environment the process was started with (Python itself may add LC_CTYPE, PEP 538)
facts["environ"] = sorted(v.split(b"=")[0].decode() for v in open("/proc/self/environ", "rb").read().split(b"\0") if v)
status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
for key in ("CapEff", "CapPrm", "CapBnd", "CapAmb", "NoNewPrivs", "Seccomp"):
    facts[key] = status.get(key, "").strip()
facts["interfaces"] = sorted(os.listdir("/sys/class/net"))
try:
    s = socket.create_connection(("1.1.1.1", 53), timeout=2); s.close(); facts["connect"] = "connected"
except OSError as exc:
    facts["connect"] = errno.errorcode.get(exc.errno, str(exc))
try:
    socket.getaddrinfo("example.com", 80); facts["dns"] = "resolved"
except OSError as exc:
    facts["dns"] = "failed"
try:
    open("/opt/learnact/pwned", "w").close(); facts["root_write"] = "written"
except OSError as exc:
    facts["root_write"] = errno.errorcode.get(exc.errno, str(exc))
try:
    with open("/tmp/probe.sh", "w") as f:
        f.write("#!/bin/sh\nexit 0\n")
    os.chmod("/tmp/probe.sh", 0o755)
    subprocess.run(["/tmp/probe.sh"], check=False); facts["tmp_exec"] = "executed"
except OSError as exc:
    facts["tmp_exec"] = errno.errorcode.get(exc.errno, str(exc))
facts["nofile"] = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
facts["fsize"] = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
def first(*paths):
    for p in paths:
        try:
            return open(p).read().strip()
        except OSError:
            pass
    return None
facts["memory_limit"] = first("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")
facts["pids_max"] = first("/sys/fs/cgroup/pids.max", "/sys/fs/cgroup/pids/pids.max")
facts["docker_socket"] = any(os.path.exists(p) for p in ("/var/run/docker.sock", "/run/docker.sock"))
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
from learnact_engine.sandbox.confine import install_seccomp_file
try:
    install_seccomp_file(SECCOMP_PATH); facts["own_seccomp"] = "installed"
except (OSError, ValueError) as exc:
    facts["own_seccomp"] = str(exc)[:200]
libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
if libc.ptrace(16, 1, None, None) == 0:  # PTRACE_ATTACH to the container's init
    facts["ptrace_init"] = "attached"
else:
    facts["ptrace_init"] = errno.errorcode.get(ctypes.get_errno(), "failed")
from learnact_engine.sandbox.protocol import write_frame
write_frame(1, {"op": "facts", "facts": facts})
"""


def probe_command() -> list[str]:
    return [*PYTHON_COMMAND, "-E", "-s", "-B", "-c", PROBE_SOURCE]


def check_probe_facts(facts: dict, spec: ContainerSpec) -> list[str]:
    failures = []

    def expect(ok: bool, what: str) -> None:
        if not ok:
            failures.append(what)

    expect(facts.get("uid") not in (0, None) and facts.get("euid") not in (0, None), f"runs as uid {facts.get('uid')}")
    expect(facts.get("gid") not in (0, None), f"runs as gid {facts.get('gid')}")
    for key in ("CapEff", "CapPrm", "CapAmb"):
        expect(facts.get(key) and int(facts[key], 16) == 0, f"{key} is {facts.get(key)!r}, not 0")
    expect(facts.get("NoNewPrivs") == "1", "no-new-privileges is not in effect")
    expect(facts.get("Seccomp") == "2", "no seccomp filter is in effect")
    expect(facts.get("interfaces") == ["lo"], f"network interfaces {facts.get('interfaces')}")
    expect(facts.get("connect") != "connected", "an outside address was reachable")
    expect(facts.get("dns") == "failed", "DNS resolved a name")
    expect(facts.get("root_write") in ("EROFS", "EACCES"), f"root filesystem write gave {facts.get('root_write')}")
    expect(facts.get("tmp_exec") == "EACCES", f"executing from /tmp gave {facts.get('tmp_exec')}")
    expect(facts.get("environ") == [], f"environment is not empty: {facts.get('environ')}")
    expect(facts.get("nofile") == spec.nofile, f"nofile limit is {facts.get('nofile')}")
    expect(facts.get("fsize") == spec.fsize_mb * MB, f"fsize limit is {facts.get('fsize')}")
    expect(facts.get("memory_limit") == str(spec.memory_mb * MB), f"memory cgroup limit is {facts.get('memory_limit')}")
    expect(facts.get("pids_max") == str(spec.pids), f"pids cgroup limit is {facts.get('pids_max')}")
    expect(facts.get("docker_socket") is False, "the Docker socket is reachable")
    expect(facts.get("own_seccomp") == "installed", f"the sandbox's seccomp filter did not install: {facts.get('own_seccomp')}")
    expect(facts.get("ptrace_init") == "EPERM", f"ptrace of the container's init gave {facts.get('ptrace_init')}")
    return failures
