"""No traceback reaches a user: `--help` of the program and of every registered command, a bare
`learnact-engine`, every command line of the README on tiny inputs (a real `learn` through the CLI
on a recorded cassette), and bad input, each in a fresh process."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from learnact_engine.cli import build_parser

from .cassette import learn_flags, record_cassette

README = Path(__file__).resolve().parents[2] / "README.md"
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \".*\", line \d+", re.M)


def cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LEARNACT_DEBUG"}
    done = subprocess.run([sys.executable, "-m", "learnact_engine", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=env)
    shown = f"$ learnact-engine {shlex.join(args)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    assert not TRACEBACK.search(done.stdout + done.stderr), f"traceback:\n{shown}"
    return done


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append(prefix + (name,))
                found += _commands(sub, prefix + (name,))
    return found


def test_bare_program_and_help_print_usage():
    bare = cli()
    assert bare.returncode == 0 and "usage: learnact-engine" in bare.stdout and "doctor" in bare.stdout
    helped = cli("--help")
    assert helped.returncode == 0 and "COMMAND" in helped.stdout


def in_process(capsys, *args: str) -> tuple[int, str, str]:
    """main() in this process (fast); a traceback would surface as this test's own error."""
    from learnact_engine.cli import main

    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's --help and usage errors
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert not TRACEBACK.search(out + err), f"traceback:\n{out}{err}"
    return code, out, err


@pytest.mark.parametrize("command", _commands(build_parser()), ids=" ".join)
def test_every_command_has_help(command, capsys):
    code, out, _err = in_process(capsys, *command, "--help")
    assert code == 0 and out.startswith("usage: learnact-engine")


BAD_INPUT = [
    ("nosuchcommand",),
    ("learn",),
    ("learn", "--domain", "chess"),
    ("learn", "--domain", "robotic_planning", "--workers", "0"),
    ("report", "/nonexistent/run"),
    ("diff", "/nonexistent/run", "--from", "0", "--to", "1"),
    ("history", "/nonexistent/run", "f"),
    ("exec", "/nonexistent/lib.py", "--call", "f()"),
    ("replay", "--domain", "robotic_planning", "--task", "blockworld/gen01", "--actions", "/nonexistent"),
    ("replay", "--domain", "robotic_planning", "--task", "nosuch/task", "--actions", "/dev/null"),
    ("envs", "--domain", "alfworld", "--data-dir", "/nonexistent"),
    ("envs", "generate", "--domain", "robotic_planning", "--n", "0", "--out", "/tmp/x"),
    ("chat", "--llm", "nosuch:model", "hi"),
    ("eval", "--method", "act", "--domain", "robotic_planning", "--from-run", "/nonexistent"),
]


@pytest.mark.parametrize("args", BAD_INPUT, ids=" ".join)
def test_bad_input_is_one_line(args, capsys):
    code, out, err = in_process(capsys, *args)
    assert code in (1, 2), err
    lines = [line for line in (out + err).splitlines() if "error" in line.lower() or "unavailable" in line]
    assert lines, f"no error message for {args}: {out}{err}"
    assert len(err.strip().splitlines()) <= 1, err


def test_usage_errors_in_a_fresh_process():
    done = cli("learn", "--domain", "chess")
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "invalid choice" in done.stderr


def test_unexpected_errors_are_one_line_and_debuggable(tmp_path, monkeypatch, capsys):
    from learnact_engine import cli as cli_module

    def explode(args):
        raise RuntimeError("boom\nsecond line")

    parser = build_parser()
    monkeypatch.setattr(cli_module, "build_parser", lambda: parser)
    parser._subparsers._group_actions[0].choices["envs"].set_defaults(handler=explode)
    assert cli_module.main(["envs"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RuntimeError: boom second line" in err and "LEARNACT_DEBUG" in err
    monkeypatch.setenv("LEARNACT_DEBUG", "1")
    with pytest.raises(RuntimeError):
        cli_module.main(["envs"])


def readme_commands() -> list[list[str]]:
    """`learnact-engine ...` lines of the README's code blocks, as argument lists (comments cut)."""
    text = README.read_text(encoding="utf-8")
    lines = []
    for block in re.findall(r"```[a-z]*\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.split("  #", 1)[0].strip()
            if line.startswith("learnact-engine"):
                lines.append(line.split()[1:] or ["--help"])
    return lines


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("cli")
    cassette = record_cassette(root / "cassette", root)
    library = root / "lib.py"
    library.write_text('def f(a, n):\n    """a repeated n times"""\n    return a * n\n')
    plan = root / "plan.txt"
    from learnact_engine.envs.registry import make_env

    env = make_env("robotic_planning")
    task = env.tasks("test")[0]
    plan.write_text("\n".join(["check valid actions"] * 35 + env.expert_plan(task)) + "\n")
    env.close()
    return {"root": root, "cassette": cassette, "library": library, "plan": plan, "task": task}


def _first_action(type_dir: Path) -> str:
    from learnact_engine.actions.store import list_rounds, load_round

    return load_round(type_dir, list_rounds(type_dir)[-1]).library.names[0]


def tiny(workspace, command: str) -> list[list[str]]:
    """The README command `command` on tiny inputs (one or more invocations)."""
    root, cassette = workspace["root"], workspace["cassette"]
    run = root / "cli-run"
    types = run / "learn" / "gripper"
    return {
        "learn": [learn_flags(cassette, run)],
        "eval": [["eval", "--method", "learnact", "--domain", "robotic_planning", "--types", "gripper",
                  "--from-run", str(run), "--llm", f"replay:{cassette}", "--run-dir", str(root / "eval-run"),
                  "--quiet", "--no-grammar", "--test-per-type", "1"]],
        "report": [["report", str(run), str(root / "eval-run"), "--out", str(root / "r.md"), "--html",
                    str(root / "r.html")]],
        "diff": [["diff", str(types), "--from", "0", "--to", "1"], ["diff", str(types), "--from", "0", "--to", "1", "--json"]],
        "history": [["history", str(types), _first_action(types)]] if command == "history" else [],
        "exec": [["exec", str(workspace["library"]), "--call", 'f("a", 2)', "--json"]],
        "replay": [["replay", "--domain", "robotic_planning", "--task", workspace["task"], "--actions",
                    str(workspace["plan"])]],
        "envs": [["envs"], ["envs", "--domain", "robotic_planning", "--json"]],
        "chat": [["chat", "--llm", f"replay:{cassette}", "hello"]],
        "doctor": [["doctor"]],
        "prompts": [["prompts", "--domain", "robotic_planning", "--method", "act", "--stage", "agent"]],
    }.get(command, [[command, "--help"]])


EXPECTED_EXIT = {"chat": (1,)}  # a prompt the cassette never recorded: a one-line replay miss


@pytest.mark.slow
def test_every_readme_command_runs_on_tiny_inputs(workspace):
    commands = readme_commands()
    names = [c[0] for c in commands]
    assert "learn" in names and "report" in names and "doctor" in names
    registered = {c[0] for c in _commands(build_parser())}
    ordered = ["learn", "eval"] + [n for n in dict.fromkeys(names) if n not in ("learn", "eval")]
    for name in ordered:
        assert name in registered or name.startswith("-"), f"README shows unknown command {name!r}"
        for args in tiny(workspace, name):
            done = cli(*args, cwd=workspace["root"], timeout=600)
            assert done.returncode in EXPECTED_EXIT.get(name, (0,)), \
                f"learnact-engine {shlex.join(args)} -> {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
            if name == "learn":
                last = done.stdout.strip().splitlines()[-1]
                assert last.startswith("HTML report: ")
                assert (workspace["root"] / last.removeprefix("HTML report: ")).is_file()
            if name == "replay":
                assert "ended: won" in done.stdout
            if name == "envs" and args == ["envs"]:
                assert "alfworld" in done.stdout and "split train" in done.stdout
            if name == "chat":
                assert len(done.stderr.strip().splitlines()) == 1
