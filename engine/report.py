"""The report of one or more runs: a markdown table, a learning-curve PNG and a self-contained HTML
file (`report_html`: the paper-style comparison and each learned library's history).

Per method and task type: test success rate with a 95 % Wilson interval, episodes, tokens and cost
per success (test episodes alone, and with the run's learning spent too). The learning curve plots
each learned type's training success of the selected action set over rounds (LearnAct: from the
round records; Reflexion: from the learn-phase episodes). A "Runs" section gives each run's progress
rate, each repeat's result, tokens and cost per LLM role, and replies cut off by the output cap.
"""

from __future__ import annotations

import json
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
    progress_sum: float = 0.0
    progress_n: int = 0  # episodes with a progress value (Robotic Planning; None in ALFWorld)

    @property
    def rate(self) -> float:
        return self.successes / self.episodes if self.episodes else 0.0

    @property
    def progress_rate(self) -> float | None:
        return self.progress_sum / self.progress_n if self.progress_n else None


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
            progress = [float(r["progress"]) for r in records if isinstance(r.get("progress"), (int, float))]
            rows.append(Row(method, domain, task_type, len(records), sum(1 for r in records if r.get("success")),
                            test_tokens, test_tokens + int(learn_tokens * share),
                            sum(float(r.get("cost_usd") or 0) for r in records) + learn_cost * share, str(run.path),
                            sum(progress), len(progress)))
        for label, points in (_selected_curves(run, method) or _learning_curves(method, episodes)).items():
            # two runs of one method keep both curves: the later one is labelled with its run's name
            curves[label if label not in curves else f"{label} ({run.path.name})"] = points
    return rows, curves


def _selected_curves(run: RunDir, method: str) -> dict[str, list[tuple[str, int, float]]]:
    """method/type -> [(type, round, training success of the set selected that round)], read from
    the learner's round records (learn/<type>/round-NNN.json; learn-r<N>/ for the paper preset's
    other learning runs). The selected set's own evaluation is there even when its episodes were
    reused from the round before."""
    curves: dict[str, list[tuple[str, int, float]]] = defaultdict(list)
    for root in sorted(run.path.glob("learn*")):
        suffix = "" if root.name == "learn" else f" ({root.name.removeprefix('learn-')})"
        for path in sorted(root.glob("*/round-*.json")):
            try:
                entry = json.loads(path.read_text(encoding="utf-8"))
                best = entry.get("best")
                success = entry["candidates"][best]["train_success"] if best is not None else None
            except (OSError, ValueError, KeyError, IndexError, TypeError):
                continue
            if success:
                task_type = entry.get("type", path.parent.name)
                curves[f"{method}/{task_type}{suffix}"].append((task_type, int(entry.get("round", 0)),
                                                               sum(map(bool, success)) / len(success)))
    return {k: sorted(v, key=lambda p: p[1]) for k, v in curves.items()}


def _mapping(value) -> dict:
    """A summary field read defensively: a dict, or {} for anything else (older or hand-edited runs)."""
    return value if isinstance(value, dict) else {}


def _summary_lines(runs: list[RunDir]) -> list[str]:
    """Per run: progress rate, each repeat (learning run), tokens and cost per LLM role, and the
    replies cut off by their output-token cap (summary.json)."""
    lines: list[str] = []
    for run in runs:
        try:
            summary = run.read_json("summary.json")
        except Exception:  # noqa: BLE001 - a run without a summary (killed) has no such section
            continue
        head = f"### {summary.get('method', '?')} on {summary.get('domain', '?')} ({run.path.name})"
        lines += ["", head, ""]
        progress = summary.get("progress_rate")
        lines.append(f"- progress rate: {progress:.3f}" if isinstance(progress, (int, float)) else "- progress rate: n/a")
        for repeat, values in sorted(_mapping(summary.get("by_repeat")).items()):
            values = _mapping(values)
            rate = values.get("progress_rate")
            lines.append(f"- run {repeat}: {values.get('successes', 0)}/{values.get('episodes', 0)} succeeded"
                         + (f", progress rate {rate:.3f}" if isinstance(rate, (int, float)) else ""))
        for role, ledger in sorted(_mapping(summary.get("llm_by_role")).items()):
            ledger = _mapping(ledger)
            totals = _mapping(ledger.get("run"))
            models = ", ".join(sorted(_mapping(ledger.get("by_model")))) or "-"
            lines.append(f"- {role} LLM ({models}): {totals.get('calls', 0)} calls "
                         f"(+{totals.get('cached_calls', 0)} cached), "
                         f"{totals.get('prompt_tokens', 0) + totals.get('completion_tokens', 0):,} tokens, "
                         f"${totals.get('cost_usd', 0.0):.4f}")
        cut = _mapping(summary.get("truncated_replies"))
        lines.append("- replies cut off by the output-token cap: "
                     + (", ".join(f"{stage} {n}" for stage, n in sorted(cut.items())) if cut else "none"))
        problems = {k: v for k, v in _mapping(summary.get("reply_problems")).items() if v}
        lines.append("- reply problems: " + (", ".join(f"{name} {n}" for name, n in problems.items()) or "none"))
        context = _mapping(summary.get("context"))
        if any(context.values()):
            lines.append(f"- context window: {context.get('episodes_ended', 0)} episode(s) ended (prompt cannot fit), "
                         f"{context.get('context_trimmed', 0)} prompt(s) trimmed, "
                         f"{context.get('context_rejected', 0)} server rejection(s), "
                         f"{context.get('context_retry', 0)} retry(ies)")
    return (["", "## Runs"] + lines) if lines else []


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
             "tokens/success (with learning) | cost/success (USD) | progress rate |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in sorted(rows, key=lambda r: (r.domain, r.task_type == "all", r.task_type, r.method)):
        low, high = wilson_interval(row.successes, row.episodes)
        lines.append(f"| {row.method} | {row.domain} | {row.task_type} | {row.successes}/{row.episodes} "
                     f"({row.rate:.0%}) | [{low:.2f}, {high:.2f}] | {row.episodes} | "
                     f"{_per_success(row.test_tokens, row.successes)} | {_per_success(row.all_tokens, row.successes)} | "
                     f"{_per_success(row.cost_usd, row.successes, 4)} | "
                     f"{'n/a' if row.progress_rate is None else f'{row.progress_rate:.0%}'} |")
    if not rows:
        lines.append("| (no test episodes) | | | | | | | | | |")
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
    axes.set_ylabel("training success of the selected set")  # see _selected_curves
    axes.set_ylim(-0.05, 1.05)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(fontsize="small")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return True


def write_report(run_paths: Iterable[str | Path], out: str | Path | None = None,
                 html: str | Path | bool = True) -> Path:
    """Write the markdown report (default: report.md in the first run) and its learning-curve PNG;
    with `html` (True: report.html beside the markdown; a path: there) the HTML report too."""
    runs = [RunDir.open(p) for p in run_paths]
    if not runs:
        raise ValueError("no run directory given")
    out_path = Path(out) if out else runs[0].path / "report.md"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    rows, curves = collect_rows(runs)
    plot_path = out_path.with_name(out_path.stem + "-learning-curve.png")
    plot = plot_path.name if plot_curves(curves, plot_path) else None
    out_path.write_text(render_markdown(rows, plot) + "\n".join(_summary_lines(runs)) + "\n", encoding="utf-8")
    if html:
        from learnact_engine.report_html import write_html_report

        write_html_report(runs, out_path.with_suffix(".html") if html is True else Path(html), rows, curves)
    return out_path


def html_path_for(markdown: Path) -> Path:
    """Where `write_report` put the HTML report of a markdown report written with html=True."""
    return Path(markdown).with_suffix(".html")
