"""A recorded LLM cassette for a tiny `learn` run through the real CLI: the run's options are built
by the CLI's own parser and `build_options`, the answers come from the scripted test LLM of
tests/learners/doubles.py behind the product's recording cassette, so `learn --llm replay:DIR` with
the same flags replays every call without a model."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_DOUBLES = Path(__file__).resolve().parent.parent / "learners" / "doubles.py"


def _doubles():
    spec = importlib.util.spec_from_file_location("learnact_test_doubles_cli", _DOUBLES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def learn_flags(cassette: Path, run_dir: Path) -> list[str]:
    return ["learn", "--domain", "robotic_planning", "--types", "gripper", "--llm", f"replay:{cassette}",
            "--run-dir", str(run_dir), "--quiet", "--no-grammar", "--test-per-type", "1"]


def record_cassette(cassette: Path, scratch: Path) -> Path:
    from learnact_engine.cli import build_parser
    from learnact_engine.commands.learn_cmd import build_options
    from learnact_engine.learners.run import execute_run
    from learnact_engine.llm.accounting import MeteredLLM
    from learnact_engine.llm.replay_backend import ReplayBackend

    doubles = _doubles()
    args = build_parser().parse_args(learn_flags(cassette, scratch / "recording-run"))
    options = build_options(args, learn=True)
    options.llm_factory = lambda: MeteredLLM(ReplayBackend(cassette, inner=doubles.ScriptedLLM(), mode="record"))
    execute_run(options)
    return cassette
