"""What the policy-bypassed worker runs: plain Python that tries each way out of the OS boundary.

Every probe returns plain facts (errno names, counts, ids); the tests decide what must hold.
"""

PROBES = r'''
import ctypes, errno, os, resource, signal, socket, time

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def _err(exc):
    return errno.errorcode.get(getattr(exc, "errno", None) or 0, type(exc).__name__)


def identity():
    status = dict(line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line)
    facts = {key: status.get(key, "").strip() for key in ("NoNewPrivs", "Seccomp", "CapEff", "CapPrm", "CapAmb", "CapInh")}
    facts.update(uid=os.getuid(), euid=os.geteuid(), pid=os.getpid())
    nosuid = []
    for line in open("/proc/self/mountinfo"):
        fields = line.split()
        if "nosuid" not in fields[5].split(","):
            nosuid.append(fields[4])
    facts["mounts_without_nosuid"] = nosuid
    for name, call in (("setuid0", lambda: os.setuid(0)), ("setresuid0", lambda: os.setresuid(0, 0, 0))):
        try:
            call()
            facts[name] = "ok"
        except OSError as exc:
            facts[name] = _err(exc)
    return facts


def signal_pid(pid):
    try:
        os.kill(pid, 0)
        return "signalled"
    except OSError as exc:
        return _err(exc)


def write_everywhere(marker):
    outcome = {}
    for folder in ("/tmp", "/var/tmp", "/dev/shm", "/dev", "/", "/opt/learnact", "/root", "/home", "/run", "/etc"):
        try:
            with open(os.path.join(folder, marker), "w") as handle:
                handle.write("x")
            outcome[folder] = "written"
        except OSError as exc:
            outcome[folder] = _err(exc)
    return outcome


def find(marker):
    return [folder for folder in ("/tmp", "/var/tmp", "/dev/shm") if os.path.exists(os.path.join(folder, marker))]


def fill_tmp(chunk_kb, limit_mb):
    chunk = b"x" * (chunk_kb * 1024)
    written, index, error = 0, 0, None
    while written < limit_mb * 1024 * 1024:
        try:
            with open(f"/tmp/fill-{index}", "wb") as handle:
                handle.write(chunk)
            written += len(chunk)
            index += 1
        except OSError as exc:
            error = _err(exc)
            break
    return {"written": written, "error": error}


def read_host(paths):
    outcome = {}
    for path in paths:
        try:
            with open(path, "rb") as handle:
                handle.read(64)
            outcome[path] = "read"
        except OSError as exc:
            outcome[path] = _err(exc)
    return outcome


def listing(paths):
    outcome = {}
    for path in paths:
        try:
            outcome[path] = sorted(os.listdir(path))
        except OSError as exc:
            outcome[path] = _err(exc)
    return outcome


def processes():
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    found.append(handle.read(300).replace(b"\0", b" ").decode("utf-8", "replace"))
            except OSError:
                found.append("<unreadable>")
    return found


def connect_unix(path, abstract_name):
    outcome = {}
    for key, address in (("path", path), ("abstract", "\0" + abstract_name)):
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.settimeout(2)
        try:
            client.connect(address)
            outcome[key] = "connected"
        except OSError as exc:
            outcome[key] = _err(exc)
        finally:
            client.close()
    return outcome


def namespaces():
    libc.unshare.argtypes = [ctypes.c_int]
    outcome = {}
    for name, flag in (("user", 0x10000000), ("mount", 0x00020000), ("net", 0x40000000), ("pid", 0x20000000)):
        if libc.unshare(flag) == 0:
            outcome[name] = "created"
        else:
            outcome[name] = errno.errorcode.get(ctypes.get_errno(), "failed")
    return outcome


def change_cpu_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        return "changed"
    except ValueError:
        return "refused"
    except OSError as exc:
        return _err(exc)


def raise_cpu_limit_then_spin():
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (hard, hard))
        raised = "raised"
    except (OSError, ValueError) as exc:
        raised = _err(exc) if isinstance(exc, OSError) else "refused"
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    except (OSError, ValueError):
        pass
    while True:
        pass


SYSCALLS_X86_64 = {
    "ptrace": 101, "mount": 165, "umount2": 166, "pivot_root": 155, "chroot": 161, "unshare": 272,
    "setns": 308, "keyctl": 250, "add_key": 248, "request_key": 249, "bpf": 321, "perf_event_open": 298,
    "userfaultfd": 323, "io_uring_setup": 425, "init_module": 175, "kexec_load": 246,
    "process_vm_readv": 310, "open_by_handle_at": 304, "fsopen": 430, "move_mount": 429,
}


def forbidden_syscalls():
    outcome = {}
    for name, number in SYSCALLS_X86_64.items():
        result = libc.syscall(number, 0, 0, 0, 0, 0, 0)
        outcome[name] = "allowed" if result >= 0 else errno.errorcode.get(ctypes.get_errno(), "failed")
    return outcome


def ptrace_init():
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    if libc.ptrace(16, 1, None, None) == 0:
        return "attached"
    return errno.errorcode.get(ctypes.get_errno(), "failed")


def fork_many(limit):
    children, error = [], None
    for _ in range(limit):
        try:
            pid = os.fork()
        except OSError as exc:
            error = _err(exc)
            break
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    return {"started": len(children), "error": error}


def leave_a_process_and_exit():
    """A grandchild in a session of its own, then the worker exits on its own."""
    try:
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(120)
            os._exit(0)
    except OSError:
        pass
    os._exit(3)
'''
