"""The sandbox's seccomp filter: which system calls a worker may never make, compiled by libseccomp.

One deny list for both backends. It is compiled on the host by libseccomp (the library every
container runtime uses; reached here through ctypes, so the virtualenv needs no extra package) into
a classic BPF program, which is:

- `restricted`: handed to bubblewrap (`--seccomp FD`), which installs it after dropping privileges,
  right before it executes the worker's interpreter;
- `docker`: baked into the sandbox image and installed by the worker on itself at start-up, before
  it reads any untrusted code (`install_program`, plain `prctl`, no libseccomp needed in the image).
  It stacks on Docker's own default profile: a call passes only if both filters allow it.

Denied with EPERM: debugging other processes (ptrace, process_vm_*), mounting and changing root,
creating or entering namespaces (unshare, setns, clone with any CLONE_NEW* flag), the kernel keyring,
bpf, perf events, userfaultfd, io_uring, module and kexec loading, reboot, swap, clock setting, uid
and gid changes, terminal injection (TIOCSTI); `clone3` gets ENOSYS so that the C library falls back
to `clone`, whose flags the filter can see. The `restricted` variant also forbids changing the CPU
rlimit: the host sets it from outside (process_backend.py), so the code cannot raise it.
Any other architecture's calls (e.g. the x32 ABI) kill the process (libseccomp's bad-arch default).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import tempfile

DENIED_SYSCALLS = (
    # other processes
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    # filesystems and root
    "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree", "fsopen", "fsconfig",
    "fsmount", "fspick", "mount_setattr", "open_by_handle_at", "name_to_handle_at",
    # namespaces
    "unshare", "setns",
    # kernel facilities untrusted code has no use for
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "fanotify_init", "lookup_dcookie",
    "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "reboot",
    "swapon", "swapoff", "acct", "quotactl", "quotactl_fd", "syslog", "iopl", "ioperm", "vhangup",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "uselib", "ustat", "sysfs",
    # identity
    "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setfsuid", "setfsgid", "setgroups",
)
CLONE_NAMESPACE_FLAGS = (0x00020000, 0x02000000, 0x04000000, 0x08000000, 0x10000000, 0x20000000, 0x40000000, 0x00000080)
TIOCSTI, TIOCLINUX = 0x5412, 0x541C
RLIMIT_CPU = 0

SCMP_ACT_ALLOW = 0x7FFF0000
SCMP_CMP_NE, SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ = 1, 4, 7
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SCMP_FLTATR_CTL_OPTIMIZE = 8


class SeccompUnavailable(RuntimeError):
    """libseccomp cannot be loaded or refused the filter: the sandbox must not start."""


def scmp_act_errno(code: int) -> int:
    return 0x00050000 | (code & 0xFFFF)


class _ArgCmp(ctypes.Structure):
    _fields_ = [("arg", ctypes.c_uint), ("op", ctypes.c_int), ("datum_a", ctypes.c_uint64), ("datum_b", ctypes.c_uint64)]


def _libseccomp():
    name = ctypes.util.find_library("seccomp") or "libseccomp.so.2"
    try:
        lib = ctypes.CDLL(name, use_errno=True)
    except OSError:
        raise SeccompUnavailable("libseccomp is not installed (apt-get install libseccomp2, or run "
                                 "`bash images/ensure-system.sh`)") from None
    lib.seccomp_init.restype = ctypes.c_void_p
    lib.seccomp_init.argtypes = [ctypes.c_uint32]
    lib.seccomp_rule_add_array.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_int, ctypes.c_uint, ctypes.POINTER(_ArgCmp)]
    lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    lib.seccomp_export_bpf.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.seccomp_release.argtypes = [ctypes.c_void_p]
    return lib


def build_program(deny_cpu_rlimit: bool) -> bytes:
    """The filter as a BPF program (an array of `struct sock_filter`), compiled by libseccomp."""
    lib = _libseccomp()
    ctx = lib.seccomp_init(SCMP_ACT_ALLOW)
    if not ctx:
        raise SeccompUnavailable("seccomp_init failed")
    try:
        lib.seccomp_attr_set.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_uint32]
        lib.seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2)  # a binary tree of syscall numbers (libseccomp >= 2.5)

        def rule(action: int, name: str, *comparisons: tuple[int, int, int, int]) -> None:
            number = lib.seccomp_syscall_resolve_name(name.encode())
            if number == -1:  # not a system call on this architecture
                return
            array = (_ArgCmp * max(1, len(comparisons)))(*[_ArgCmp(*c) for c in comparisons])
            rc = lib.seccomp_rule_add_array(ctx, action, number, len(comparisons), array)
            if rc < 0:
                raise SeccompUnavailable(f"libseccomp refused the rule for {name}: {os.strerror(-rc)}")

        eperm = scmp_act_errno(errno.EPERM)
        for name in DENIED_SYSCALLS:
            rule(eperm, name)
        for flag in CLONE_NAMESPACE_FLAGS:
            rule(eperm, "clone", (0, SCMP_CMP_MASKED_EQ, flag, flag))
        rule(scmp_act_errno(errno.ENOSYS), "clone3")
        for request in (TIOCSTI, TIOCLINUX):
            rule(eperm, "ioctl", (1, SCMP_CMP_MASKED_EQ, 0xFFFFFFFF, request))
        if deny_cpu_rlimit:
            rule(eperm, "setrlimit", (0, SCMP_CMP_EQ, RLIMIT_CPU, 0))
            rule(eperm, "prlimit64", (1, SCMP_CMP_EQ, RLIMIT_CPU, 0), (2, SCMP_CMP_NE, 0, 0))
        with tempfile.TemporaryFile() as out:
            rc = lib.seccomp_export_bpf(ctx, out.fileno())
            if rc < 0:
                raise SeccompUnavailable(f"seccomp_export_bpf failed: {os.strerror(-rc)}")
            out.seek(0)
            program = out.read()
    finally:
        lib.seccomp_release(ctx)
    if not program or len(program) % 8:
        raise SeccompUnavailable("libseccomp produced no filter")
    return program


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]


def install_program(program: bytes) -> None:
    """Install a BPF filter on the calling thread (the worker is single-threaded) for good:
    no_new_privs first, then the filter. Raises OSError when the kernel refuses."""
    if not program or len(program) % 8:
        raise ValueError("not a BPF program")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong]
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, None, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = _SockFprog(len(program) // 8, ctypes.cast(buffer, ctypes.c_void_p))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.cast(ctypes.pointer(fprog), ctypes.c_void_p), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP) failed")
