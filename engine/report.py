"""The report of one or more runs: a markdown table and a learning-curve PNG.

Per method and task type: test success rate with a 95 % Wilson interval, episodes, tokens and cost
per success (test episodes alone, and with the run's learning spent too). The learning curve plots
each learned type's training success of the selected action set over rounds (LearnAct rounds and
Reflexion rounds), from the learn-phase episodes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from learnact_engine.run_dir import RunDir

Z95 = 1.959963984540054


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass
class Row:
    method: str
    domain: str
    task_type: str
    episodes: int
    successes: int
    test_tokens: int
    all_tokens: int
    cost_usd: float
    run: str

    @property
    def rate(self) -> float:
        return self.successes / self.episodes if self.episodes else 0.0


def _tokens(record: dict) -> int:
    # a replayed run spent nothing now, but its tokens say what a fresh run costs
    return int(record.get("tokens") or 0) + int(record.get("cached_tokens") or 0)


def collect_rows(runs: Iterable[RunDir]) -> tuple[list[Row], dict[str, list[tuple[str, int, float]]]]:
    rows: list[Row] = []
    curves: dict[str, list[tuple[str, int, float]]] = {}
    for run in runs:
        config = run.config()
        settings = config.get("settings", {})
        method, domain = settings.get("method", "?"), settings.get("domain", "?")
        episodes = run.episodes()
        learn_tokens = sum(_tokens(r) for r in episodes if r.get("phase") != "test")
        learn_cost = sum(float(r.get("cost_usd") or 0) for r in episodes if r.get("phase") != "test")
        groups: dict[str, list[dict]] = defaultdict(list)
        for record in episodes:
            if record.get("phase") == "test":
                groups[record.get("task_type", "?")].append(record)
                groups["all"].append(record)
        for task_type, records in sorted(groups.items(), key=lambda kv: (kv[0] == "all", kv[0])):
            test_tokens = sum(_tokens(r) for r in records)
            share = 1.0 if task_type == "all" else len(records) / max(1, len(groups["all"]))
            rows.append(Row(method, domain, task_type, len(records), sum(1 for r in records if r.get("success")),
                            test_tokens, test_tokens + int(learn_tokens * share),
                            sum(float(r.get("cost_usd") or 0) for r in records) + learn_cost * share, str(run.path)))
        curves.update(_learning_curves(method, episodes))
    return rows, curves


def _learning_curves(method: str, episodes: list[dict]) -> dict[str, list[tuple[str, int, float]]]:
    """method/type -> [(label, round, best training success)], the best candidate of each round."""
    per_round: dict[tuple[str, int], dict[int, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for record in episodes:
        if record.get("phase") == "learn" and record.get("round") is not None:
            key = (record.get("learn_type", record.get("task_type", "?")), int(record["round"]))
            per_round[key][int(record.get("candidate", 0))].append(bool(record.get("success")))
    curves: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for (task_type, round_number), candidates in sorted(per_round.items()):
        best = max(sum(v) / len(v) for v in candidates.values())
        curves[f"{method}/{task_type}"].append((task_type, round_number, best))
    return dict(curves)


def _per_success(value: float, successes: int, digits: int = 0) -> str:
    if successes == 0:
        return "n/a"
    return f"{value / successes:,.{digits}f}"


def render_markdown(rows: list[Row], plot: str | None) -> str:
    lines = ["# learnact-engine report", "",
             "Success rate on test episodes with a 95 % Wilson interval. Tokens per success: test episodes "
             "alone, then with the learning spent (shared over types by test episodes). Cached (replayed) "
             "calls count their original tokens.", "",
             "| method | domain | task type | success | 95 % CI | episodes | tokens/success (test) | "
             "tokens/success (with learning) | cost/success (USD) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r.domain, r.task_type == "all", r.task_type, r.method)):
        low, high = wilson_interval(row.successes, row.episodes)
        lines.append(f"| {row.method} | {row.domain} | {row.task_type} | {row.successes}/{row.episodes} "
                     f"({row.rate:.0%}) | [{low:.2f}, {high:.2f}] | {row.episodes} | "
                     f"{_per_success(row.test_tokens, row.successes)} | {_per_success(row.all_tokens, row.successes)} | "
                     f"{_per_success(row.cost_usd, row.successes, 4)} |")
    if not rows:
        lines.append("| (no test episodes) | | | | | | | | |")
    if plot:
        lines += ["", "## Learning curve", "", f"![learning curve]({plot})"]
    return "\n".join(lines) + "\n"


def plot_curves(curves: dict[str, list[tuple[str, int, float]]], path: Path) -> bool:
    if not curves:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(6, 4))
    for label, points in sorted(curves.items()):
        axes.plot([p[1] for p in points], [p[2] for p in points], marker="o", label=label)
    axes.set_xlabel("learning round")
    axes.set_ylabel("training success of the selected set")
    axes.set_ylim(-0.05, 1.05)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def write_report(run_paths: Iterable[str | Path], out: str | Path | None = None) -> Path:
    runs = [RunDir.open(p) for p in run_paths]
    if not runs:
        raise ValueError("no run directory given")
    out_path = Path(out) if out else runs[0].path / "report.md"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    rows, curves = collect_rows(runs)
    plot_path = out_path.with_name(out_path.stem + "-learning-curve.png")
    plot = plot_path.name if plot_curves(curves, plot_path) else None
    out_path.write_text(render_markdown(rows, plot), encoding="utf-8")
    return out_path
