"""`learnact-engine envs generate` for this domain: write a data directory of generated tasks.

The layout is the one the env reads (`<game>.pddl` beside `<game>/genNN.pddl`), so a generated
directory works anywhere the AgentBoard data does (`--data-dir`).
"""

from __future__ import annotations

from pathlib import Path

from learnact_engine.envs.robotic_planning.generators import generate_problem
from learnact_engine.envs.robotic_planning.task_sets import GAMES, builtin_domain_text


def generate(out_dir: str | Path, n: int, seed: int, types: list[str] | None = None) -> list[Path]:
    """Write `n` problems per game (all four games unless `types` names some); returns the files."""
    if n < 1:
        raise ValueError("n must be at least 1")
    games = list(types) if types else list(GAMES)
    unknown = [g for g in games if g not in GAMES]
    if unknown:
        raise ValueError(f"unknown game(s) {', '.join(unknown)}; choose from {', '.join(GAMES)}")
    out = Path(out_dir)
    written: list[Path] = []
    for game in games:
        (out / game).mkdir(parents=True, exist_ok=True)
        domain_file = out / f"{game}.pddl"
        domain_file.write_text(builtin_domain_text(game))
        written.append(domain_file)
        for index in range(n):
            problem_file = out / game / f"gen{index + 1:02d}.pddl"
            problem_file.write_text(generate_problem(game, seed, index, n))
            written.append(problem_file)
    return written
