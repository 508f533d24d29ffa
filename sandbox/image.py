"""The sandbox image: its content-hashed tag, and an offline build.

    python -m learnact_engine.sandbox.image build [--base auto|registry|debootstrap] [--force]
    python -m learnact_engine.sandbox.image tag

The tag is `learnact-sandbox:<hash>`, where the hash covers every file copied into the image (the
worker's modules, RestrictedPython's files and version, the seccomp filter) and the Dockerfile, so a changed worker never
runs on a stale image: the backend asks for the tag of the code it has, and that image either exists
or must be built.

The base is python:3.11-slim when it is present locally or a registry answers; otherwise (no
registry, as on an offline CI runner) a Debian bookworm minbase root filesystem with python3 is built
with debootstrap from a Debian mirror, cached as a tarball under images/.build/, and `docker import`ed.
RestrictedPython is copied from the host's installation: the image build needs no network at all.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import learnact_engine
import learnact_engine.sandbox

IMAGE_REPOSITORY = "learnact-sandbox"
REGISTRY_BASE = "python:3.11-slim"
DEBOOTSTRAP_BASE = "learnact-base:bookworm-python3"
DEBIAN_SUITE = "bookworm"
DEFAULT_MIRROR = "http://deb.debian.org/debian"
PULL_SECONDS = 30
# Host-side modules of the sandbox package: the worker never imports them.
HOST_ONLY_MODULES = {"image.py", "docker_backend.py", "docker_hardening.py", "docker_attach.py",
                     "process_backend.py", "bubblewrap.py", "uid_lease.py", "cpu_watch.py"}
# learnact_engine modules outside sandbox/ that the worker's imports reach.
ENGINE_MODULES = ("__init__.py", "feedback.py")


class ImageError(RuntimeError):
    """The image cannot be found or built; the message says what to do."""


@dataclass(frozen=True)
class ImageFile:
    image_path: str  # relative to /opt/learnact in the image
    source: Path


def images_dir() -> Path:
    """The repository's images/ folder (Dockerfile, build cache)."""
    override = os.environ.get("LEARNACT_IMAGES_DIR")
    path = Path(override) if override else Path(learnact_engine.sandbox.__file__).resolve().parent.parent / "images"
    if not (path / "Dockerfile").is_file():
        raise ImageError(f"no images/Dockerfile at {path}: build the sandbox image from a source checkout "
                         "(or set LEARNACT_IMAGES_DIR)")
    return path


def image_files() -> list[ImageFile]:
    """Every file that goes into /opt/learnact, in a stable order."""
    files: list[ImageFile] = []
    engine_dir = Path(learnact_engine.__file__).resolve().parent
    for name in ENGINE_MODULES:
        files.append(ImageFile(f"learnact_engine/{name}", engine_dir / name))
    sandbox_dir = Path(learnact_engine.sandbox.__file__).resolve().parent
    for path in sorted(sandbox_dir.glob("*.py")):
        if path.name not in HOST_ONLY_MODULES:
            files.append(ImageFile(f"learnact_engine/sandbox/{path.name}", path))
    distribution = importlib.metadata.distribution("RestrictedPython")
    for entry in sorted(distribution.files or [], key=str):
        if entry.parts[0] == "RestrictedPython" and entry.suffix in (".py", ".typed"):
            files.append(ImageFile(str(entry), Path(distribution.locate_file(entry))))
    return files


SECCOMP_FILE = "seccomp.bpf"  # the sandbox's seccomp filter, installed by the worker (docker_hardening.SECCOMP_PATH)


def seccomp_program() -> bytes:
    """The filter for containers: the CPU rlimit stays the worker's (it arms it per call itself)."""
    from learnact_engine.sandbox.seccomp_filter import SeccompUnavailable, build_program

    try:
        return build_program(deny_cpu_rlimit=False)
    except SeccompUnavailable as exc:
        raise ImageError(str(exc)) from None


def code_hash() -> str:
    digest = hashlib.sha256()
    digest.update(f"RestrictedPython=={importlib.metadata.version('RestrictedPython')}\n".encode())
    digest.update(b"seccomp\n" + seccomp_program())
    digest.update(b"Dockerfile\n" + (images_dir() / "Dockerfile").read_bytes())
    for item in image_files():
        digest.update(f"\n{item.image_path}\n".encode())
        digest.update(item.source.read_bytes())
    return digest.hexdigest()[:16]


def image_tag() -> str:
    return f"{IMAGE_REPOSITORY}:{code_hash()}"


# -- docker helpers ------------------------------------------------------------------------------
def _docker(*args: str, timeout: float | None = None, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    try:
        done = subprocess.run(["docker", *args], capture_output=True, text=True, timeout=timeout, **kwargs)
    except FileNotFoundError:
        raise ImageError("the docker CLI is not installed (run `bash images/ensure-docker.sh`)") from None
    if check and done.returncode != 0:
        raise ImageError(f"`docker {' '.join(args[:3])} ...` failed: {done.stderr.strip()[-2000:]}")
    return done


def _daemon_answers() -> bool:
    try:
        return _docker("info", "--format", "{{.ServerVersion}}", check=False, timeout=30).returncode == 0
    except (ImageError, subprocess.TimeoutExpired):
        return False


def image_exists(reference: str) -> bool:
    return _docker("image", "inspect", reference, check=False, timeout=60).returncode == 0


def _registry_base_available() -> bool:
    if image_exists(REGISTRY_BASE):
        return True
    try:
        return _docker("pull", "--quiet", REGISTRY_BASE, check=False, timeout=PULL_SECONDS).returncode == 0
    except subprocess.TimeoutExpired:
        return False


# -- the offline base ----------------------------------------------------------------------------
def _debootstrap_binary() -> str:
    found = shutil.which("debootstrap") or (os.path.exists("/usr/sbin/debootstrap") and "/usr/sbin/debootstrap")
    if not found:
        raise ImageError("debootstrap is not installed (run `bash images/ensure-docker.sh`, or apt-get install debootstrap)")
    return found


def build_rootfs_tarball(cache_dir: Path, mirror: str) -> Path:
    """A Debian minbase with python3, as a tarball; built once and cached."""
    tarball = cache_dir / f"{DEBIAN_SUITE}-minbase-python3.tar"
    if tarball.is_file():
        return tarball
    if os.geteuid() != 0:
        raise ImageError("debootstrap needs root to build the offline base image")
    cache_dir.mkdir(parents=True, exist_ok=True)
    rootfs = Path(tempfile.mkdtemp(prefix="rootfs-", dir=cache_dir))
    try:
        print(f"image: debootstrap {DEBIAN_SUITE} minbase + python3 from {mirror} (a few minutes, once)", file=sys.stderr)
        done = subprocess.run(
            [_debootstrap_binary(), "--variant=minbase", "--include=python3", DEBIAN_SUITE, str(rootfs), mirror],
            capture_output=True, text=True,
        )
        if done.returncode != 0:
            raise ImageError(f"debootstrap failed: {(done.stdout + done.stderr).strip()[-2000:]}")
        for trimmed in ("var/cache/apt/archives", "var/lib/apt/lists", "usr/share/doc", "usr/share/man", "usr/share/locale"):
            shutil.rmtree(rootfs / trimmed, ignore_errors=True)
        partial = tarball.with_suffix(".tar.partial")
        subprocess.run(["tar", "-C", str(rootfs), "--numeric-owner", "-cf", str(partial), "."], check=True)
        partial.rename(tarball)
    finally:
        shutil.rmtree(rootfs, ignore_errors=True)
    return tarball


def ensure_debootstrap_base(cache_dir: Path, mirror: str) -> str:
    if image_exists(DEBOOTSTRAP_BASE):
        return DEBOOTSTRAP_BASE
    tarball = build_rootfs_tarball(cache_dir, mirror)
    print(f"image: docker import {tarball.name} as {DEBOOTSTRAP_BASE}", file=sys.stderr)
    with tarball.open("rb") as stream:
        _docker("import", "--change", "CMD [\"/usr/bin/python3\"]", "-", DEBOOTSTRAP_BASE, stdin=stream, timeout=600)
    return DEBOOTSTRAP_BASE


def choose_base(strategy: str, cache_dir: Path, mirror: str) -> str:
    if strategy not in ("auto", "registry", "debootstrap"):
        raise ImageError(f"unknown base strategy {strategy!r}: choose auto, registry or debootstrap")
    if strategy == "auto" and not image_exists(REGISTRY_BASE) and image_exists(DEBOOTSTRAP_BASE):
        return DEBOOTSTRAP_BASE  # built offline before: skip the registry probe
    if strategy in ("auto", "registry") and _registry_base_available():
        return REGISTRY_BASE
    if strategy == "registry":
        raise ImageError(f"{REGISTRY_BASE} is neither present locally nor pullable from a registry")
    return ensure_debootstrap_base(cache_dir, mirror)


# -- the sandbox image ---------------------------------------------------------------------------
def assemble_context(context: Path) -> None:
    shutil.copy2(images_dir() / "Dockerfile", context / "Dockerfile")
    (context / "app").mkdir(parents=True, exist_ok=True)
    (context / "app" / SECCOMP_FILE).write_bytes(seccomp_program())
    for item in image_files():
        target = context / "app" / item.image_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(item.source, target)


def build_image(strategy: str = "auto", force: bool = False, mirror: str | None = None) -> str:
    """Build the image for the current code unless it exists; returns its tag."""
    tag = image_tag()
    if not force and image_exists(tag):
        print(f"image: {tag} is up to date", file=sys.stderr)
        return tag
    cache_dir = images_dir() / ".build"
    base = choose_base(strategy, cache_dir, mirror or os.environ.get("LEARNACT_DEBIAN_MIRROR", DEFAULT_MIRROR))
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="context-", dir=cache_dir) as context_dir:
        context = Path(context_dir)
        assemble_context(context)
        print(f"image: building {tag} on {base}", file=sys.stderr)
        _docker("build", "--quiet", "--build-arg", f"BASE={base}", "--build-arg", f"CODE_HASH={tag.split(':')[1]}",
                "--label", f"org.learnact.sandbox.base={base}", "-t", tag, str(context), timeout=900)
    print(f"image: built {tag}", file=sys.stderr)
    prune_old_images(keep=tag)
    return tag


def prune_old_images(keep: str) -> None:
    """Remove sandbox images of older worker code (a container still using one keeps it)."""
    listed = _docker("image", "ls", IMAGE_REPOSITORY, "--format", "{{.Repository}}:{{.Tag}}", check=False, timeout=60)
    for reference in listed.stdout.split():
        if reference != keep and reference.startswith(f"{IMAGE_REPOSITORY}:"):
            _docker("image", "rm", reference, check=False, timeout=60)


def require_image(tag: str | None = None) -> str:
    """The tag of an existing image for the current code, or a clear error saying how to build it."""
    tag = tag or image_tag()
    if not image_exists(tag):
        raise ImageError(f"the sandbox image {tag} does not exist (the worker code changed or it was never built): "
                         "run `make image` or `python -m learnact_engine.sandbox.image build`")
    return tag


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m learnact_engine.sandbox.image", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="build the sandbox image for the current worker code")
    build.add_argument("--base", default=os.environ.get("LEARNACT_IMAGE_BASE", "auto"),
                       choices=("auto", "registry", "debootstrap"), help="where the base comes from (default auto)")
    build.add_argument("--force", action="store_true", help="rebuild even when the tag exists")
    build.add_argument("--mirror", default=None, help=f"Debian mirror for debootstrap (default {DEFAULT_MIRROR})")
    commands.add_parser("tag", help="print the tag the current code needs")
    args = parser.parse_args(argv)
    if args.command == "build" and not _daemon_answers():
        message = "no Docker daemon answers (run `bash images/ensure-docker.sh`)"
        if os.environ.get("CI", "").lower() == "true":
            print(f"image: error: {message}", file=sys.stderr)
            return 1
        print(f"image: warning: {message}; not building (docker tests will skip)", file=sys.stderr)
        return 0
    try:
        if args.command == "tag":
            print(image_tag())
        else:
            print(build_image(args.base, args.force, args.mirror))
    except ImageError as exc:
        print(f"image: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
