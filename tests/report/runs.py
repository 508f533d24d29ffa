"""Two small recorded runs made by the product's own run code, for the report tests: LearnAct
(creation -> failing round -> revised action) and act, on the gripper test world with the scripted
LLM of tests/learners/doubles.py (which reacts to what each prompt asks)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from learnact_engine.learners.context import Settings
from learnact_engine.learners.run import RunOptions, execute_run

_DOUBLES = Path(__file__).resolve().parent.parent / "learners" / "doubles.py"


def doubles():
    spec = importlib.util.spec_from_file_location("learnact_test_doubles", _DOUBLES)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def make_runs(root: Path) -> dict[str, Path]:
    d = doubles()
    runs = {}
    for method in ("learnact", "act"):
        settings = Settings.for_domain("robotic_planning", preset="clean", method=method, train_per_type=1,
                                       select_per_type=0, samples=1, iterations=2, learn_max_steps=3,
                                       max_steps=5 if method == "learnact" else 2, test_per_type=2,
                                       constrain=False)
        path = root / method
        execute_run(RunOptions(settings, llm="scripted", run_dir=path, llm_factory=d.scripted_llm,
                               env_factory=d.GripperEnv))
        runs[method] = path
    return runs
