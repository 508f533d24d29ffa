"""The HTML report: one self-contained, offline file (inline CSS and SVG, no script, no network).

Sections: the paper-style comparison (rows: game or task type, then overall; columns: the runs'
methods; cells: test success rate with its 95 % Wilson interval, progress rate where the domain has
one, episodes), tokens and cost per success per LLM role, the learning curves, reply problems and
per-repeat results when the runs recorded them, and for each LearnAct task type its library round
by round (`report_library`). Every action of every round has an anchor `id="<type>-<round>-<action>"`
(prefixed with the run's name when several runs learned libraries).
"""

from __future__ import annotations

import datetime as _dt
import re
from html import escape
from pathlib import Path

from learnact_engine.report import Row, wilson_interval
from learnact_engine.report_library import LibraryRound, TypeHistory, run_histories
from learnact_engine.report_svg import curves_svg
from learnact_engine.run_dir import RunDir, RunDirError

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#1b1b1b}
h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}h3{margin-top:1.5em}
table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #ccc;padding:.3em .6em;vertical-align:top}
th{background:#f3f3f3;text-align:left}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sr{font-weight:600}.ci,.n,.pr{color:#555;font-size:.9em;display:block}
.badge{display:inline-block;border-radius:3px;padding:0 .4em;font-size:.85em;color:#fff;background:#777}
.added{background:#2e7d32}.modified{background:#1565c0}.removed{background:#c62828}.unchanged{background:#9e9e9e}
.flag{background:#fff3e0;border-left:3px solid #ef6c00;padding:.2em .5em;margin:.2em 0;list-style:none}
table.diff{font:12px/1.3 ui-monospace,Menlo,Consolas,monospace;width:100%;table-layout:fixed}
table.diff td{border:none;white-space:pre-wrap;word-break:break-all;padding:0 .4em}
table.diff .ln{width:3em;color:#999;text-align:right}
tr.delete td.old,tr.replace td.old{background:#ffebee}tr.insert td.new,tr.replace td.new{background:#e8f5e9}
pre{background:#f7f7f7;padding:.6em;overflow-x:auto;font-size:12px}
article.action{border:1px solid #ddd;border-radius:4px;padding:.5em 1em;margin:.8em 0}
.prov{background:#f1f8e9;padding:.3em .6em;margin:.3em 0}.muted{color:#777}
nav ul{columns:3}a{color:#0d47a1}
"""


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", str(text)).strip("-") or "x"


def _summary(run: RunDir) -> dict:
    try:
        data = run.read_json("summary.json")
    except RunDirError:
        return {}
    return data if isinstance(data, dict) else {}


def _config(run: RunDir) -> dict:
    try:
        data = run.config()
    except RunDirError:
        return {}
    return data if isinstance(data, dict) else {}


def _num(value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def column_labels(runs: list[RunDir], rows: list[Row]) -> list[str]:
    methods = []
    for run in runs:
        settings = _config(run).get("settings", {})
        methods.append(str(settings.get("method", "?")))
    return [m if methods.count(m) == 1 else f"{m} ({run.path.name})" for m, run in zip(methods, runs)]


def _cell(row: Row | None, summary_pr: float | None) -> str:
    if row is None:
        return '<td class="num muted">–</td>'
    low, high = wilson_interval(row.successes, row.episodes)
    progress = row.progress_rate if row.progress_rate is not None else summary_pr
    pr = f'<span class="pr">progress {progress:.1%}</span>' if progress is not None else ""
    return (f'<td class="num" data-successes="{row.successes}" data-episodes="{row.episodes}">'
            f'<span class="sr">{row.rate:.1%}</span><span class="ci">95 % CI [{low:.1%}, {high:.1%}]</span>'
            f'{pr}<span class="n">{row.successes}/{row.episodes} episodes</span></td>')


def comparison_table(runs: list[RunDir], rows: list[Row]) -> str:
    labels = column_labels(runs, rows)
    paths = [str(run.path) for run in runs]
    summaries = [_summary(run) for run in runs]
    by_key = {(r.run, r.domain, r.task_type): r for r in rows}
    keys = sorted({(r.domain, r.task_type) for r in rows}, key=lambda k: (k[0], k[1] == "all", k[1]))
    head = "".join(f'<th scope="col" data-run="{escape(p)}">{escape(label)}</th>' for label, p in zip(labels, paths))
    body = []
    for domain, task_type in keys:
        cells = []
        for path, summary in zip(paths, summaries):
            by_type = summary.get("by_type") if isinstance(summary.get("by_type"), dict) else {}
            entry = by_type.get(task_type) if isinstance(by_type.get(task_type), dict) else {}
            summary_pr = _num(summary.get("progress_rate")) if task_type == "all" else _num(entry.get("progress_rate"))
            cells.append(_cell(by_key.get((path, domain, task_type)), summary_pr))
        name = "overall" if task_type == "all" else task_type
        body.append(f'<tr data-type="{escape(task_type)}"><th scope="row">{escape(domain)}</th>'
                    f'<th scope="row">{escape(name)}</th>{"".join(cells)}</tr>')
    if not body:
        body.append(f'<tr><td colspan="{2 + len(runs)}" class="muted">no test episodes</td></tr>')
    return (f'<table id="comparison"><thead><tr><th>domain</th><th>game / task type</th>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def _role_totals(summary: dict) -> dict[str, dict]:
    roles = summary.get("llm_by_role")
    if not isinstance(roles, dict) or not roles:
        roles = {"all roles": summary.get("llm")} if isinstance(summary.get("llm"), dict) else {}
    out = {}
    for role, ledger in roles.items():
        if isinstance(ledger, dict):
            totals = ledger.get("run") if isinstance(ledger.get("run"), dict) else ledger
            out[str(role)] = totals
    return out


def cost_table(runs: list[RunDir], rows: list[Row]) -> str:
    labels = column_labels(runs, rows)
    lines = []
    for label, run in zip(labels, runs):
        summary = _summary(run)
        overall = next((r for r in rows if r.run == str(run.path) and r.task_type == "all"), None)
        successes = overall.successes if overall else int(_num(summary.get("successes")) or 0)
        for role, totals in _role_totals(summary).items():
            tokens = sum(int(_num(totals.get(k)) or 0) for k in (
                "prompt_tokens", "completion_tokens", "cached_prompt_tokens", "cached_completion_tokens"))
            cost = _num(totals.get("cost_usd")) or 0.0
            per_tokens = f"{tokens / successes:,.0f}" if successes else "n/a"
            per_cost = f"{cost / successes:.4f}" if successes else "n/a"
            calls = int(_num(totals.get("calls")) or 0) + int(_num(totals.get("cached_calls")) or 0)
            lines.append(f'<tr><td>{escape(label)}</td><td>{escape(role)}</td><td class="num">{calls}</td>'
                         f'<td class="num">{tokens:,}</td><td class="num">{per_tokens}</td>'
                         f'<td class="num">{cost:.4f}</td><td class="num">{per_cost}</td></tr>')
        if overall is not None:
            lines.append(f'<tr class="muted"><td>{escape(label)}</td><td>episodes (test / with learning)</td><td></td>'
                         f'<td class="num">{overall.test_tokens:,} / {overall.all_tokens:,}</td>'
                         f'<td class="num">{_per(overall.test_tokens, successes)} / {_per(overall.all_tokens, successes)}</td>'
                         f'<td class="num">{overall.cost_usd:.4f}</td><td class="num">{_per(overall.cost_usd, successes, 4)}</td></tr>')
    return ('<table id="cost"><thead><tr><th>method</th><th>role</th><th>calls</th><th>tokens</th>'
            '<th>tokens / success</th><th>cost (USD)</th><th>cost / success</th></tr></thead>'
            f'<tbody>{"".join(lines)}</tbody></table>')


def _per(value: float, successes: int, digits: int = 0) -> str:
    return f"{value / successes:,.{digits}f}" if successes else "n/a"


def _repeat_entries(by_repeat) -> list[tuple[str, dict]]:
    if isinstance(by_repeat, dict):
        items = list(by_repeat.items())
    elif isinstance(by_repeat, list):
        items = list(enumerate(by_repeat))
    else:
        return []
    return [(str(k), v) for k, v in items if isinstance(v, dict)]


def extras(runs: list[RunDir], rows: list[Row]) -> str:
    """Per-repeat results and LLM reply problems (and replies cut by the output cap), when recorded."""
    labels, parts = column_labels(runs, rows), []
    repeat_rows = []
    for label, run in zip(labels, runs):
        for repeat, values in _repeat_entries(_summary(run).get("by_repeat")):
            successes, episodes = int(_num(values.get("successes")) or 0), int(_num(values.get("episodes")) or 0)
            progress = _num(values.get("progress_rate"))
            repeat_rows.append(f"<tr><td>{escape(label)}</td><td class='num'>{escape(repeat)}</td>"
                               f"<td class='num'>{successes}/{episodes}</td>"
                               f"<td class='num'>{successes / episodes if episodes else 0:.1%}</td>"
                               f"<td class='num'>{'n/a' if progress is None else f'{progress:.1%}'}</td></tr>")
    if repeat_rows:
        parts.append('<h2 id="repeats">Per repeat</h2><table id="by-repeat"><thead><tr><th>method</th><th>repeat</th>'
                     '<th>succeeded</th><th>success rate</th><th>progress rate</th></tr></thead>'
                     f'<tbody>{"".join(repeat_rows)}</tbody></table>')
    problem_rows = []
    for label, run in zip(labels, runs):
        summary = _summary(run)
        for key, what in (("reply_problems", "reply problem"), ("truncated_replies", "cut by the output cap")):
            counts = summary.get(key)
            if isinstance(counts, dict):
                for name, count in sorted(counts.items()):
                    if _num(count):
                        problem_rows.append(f"<tr><td>{escape(label)}</td><td>{escape(what)}</td>"
                                            f"<td>{escape(str(name))}</td><td class='num'>{int(_num(count) or 0)}</td></tr>")
    if problem_rows:
        parts.append('<h2 id="reply-problems">LLM reply problems</h2><table id="problems"><thead><tr><th>method</th>'
                     f'<th>kind</th><th>problem</th><th>count</th></tr></thead><tbody>{"".join(problem_rows)}</tbody></table>')
    return "".join(parts)


def _diff_table(action) -> str:
    rows = []
    for r in action.side_by_side:
        old = "" if r.old_text is None else escape(r.old_text)
        new = "" if r.new_text is None else escape(r.new_text)
        rows.append(f'<tr class="{r.kind}"><td class="ln">{r.old_number or ""}</td><td class="old">{old}</td>'
                    f'<td class="ln">{r.new_number or ""}</td><td class="new">{new}</td></tr>')
    return ('<table class="diff"><thead><tr><th class="ln"></th><th>previous round</th><th class="ln"></th>'
            f'<th>this round</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _action_html(anchor: str, action) -> str:
    parts = [f'<article class="action" id="{anchor}" data-action="{escape(action.name)}" data-status="{action.status}">',
             f'<h4><a href="#{anchor}">{escape(action.signature or action.name)}</a> '
             f'<span class="badge {action.status}">{action.status}{" · " + action.change if action.change else ""}</span></h4>']
    if action.description:
        parts.append(f"<p>{escape(action.description)}</p>")
    if action.provenance:
        p = action.provenance
        step = "" if p.get("step") is None else f", failing step {escape(str(p.get('step')))}"
        parts.append('<div class="prov"><b>caused by</b> task <code>' + escape(str(p.get("task"))) + "</code>" + step
                     + (f", reason: {escape(str(p['reason']))}" if p.get("reason") else "")
                     + (f"<br>feedback: <code>{escape(str(p['feedback']))}</code>" if p.get("feedback") else "") + "</div>")
    if action.flags:
        parts.append('<ul class="flags">' + "".join(
            f'<li class="flag">line {f.get("line")}: <b>{escape(str(f.get("code")))}</b> {escape(str(f.get("message")))}</li>'
            for f in action.flags) + "</ul>")
    if action.notes:
        parts.append("<p><b>notes</b></p><ul>" + "".join(f"<li>{escape(n)}</li>" for n in action.notes) + "</ul>")
    if action.status != "unchanged":
        parts.append(_diff_table(action))
    if action.source is not None:
        parts.append(f"<details{' open' if action.status == 'added' else ''}><summary>code</summary>"
                     f"<pre>{escape(action.source)}</pre></details>")
    parts.append("</article>")
    return "".join(parts)


def _round_html(prefix: str, history: TypeHistory, round_: LibraryRound) -> str:
    anchor = f"{prefix}{slug(history.task_type)}-{round_.number}"
    record = round_.record
    facts = []
    if record.get("stop"):
        facts.append(f"stop: {escape(str(record['stop']))}")
    candidates = record.get("candidates") if isinstance(record.get("candidates"), list) else []
    if candidates:
        facts.append("candidates: " + escape(", ".join(str(c.get("origin")) for c in candidates if isinstance(c, dict)))
                     + (f"; selected #{record.get('best')}" if record.get("best") is not None else ""))
    head = (f'<section class="round" id="{anchor}"><h3><a href="#{anchor}">{escape(history.task_type)} · round '
            f'{round_.number}</a></h3>')
    if round_.error:
        return head + f'<p class="flag">this round failed verification: {escape(round_.error)}</p></section>'
    meta = f'<p class="muted">library {escape((round_.library_hash or "")[:12])}' + \
        (f"; imports: {escape(', '.join(round_.imports))}" if round_.imports else "") + \
        ("; " + "; ".join(facts) if facts else "") + "</p>"
    actions = "".join(_action_html(f"{anchor}-{slug(a.name)}", a) for a in round_.actions)
    return head + meta + (actions or '<p class="muted">empty library</p>') + "</section>"


def libraries_html(runs: list[RunDir]) -> str:
    learned = [(run, run_histories(run.path)) for run in runs]
    learned = [(run, h) for run, h in learned if h]
    if not learned:
        return ""
    parts = ['<h2 id="libraries">Learned action libraries, round by round</h2>']
    for run, histories in learned:
        prefix = f"{slug(run.path.name)}-" if len(learned) > 1 else ""
        if len(learned) > 1:
            parts.append(f"<h3>{escape(run.path.name)}</h3>")
        links = "".join(f'<li><a href="#{prefix}{slug(h.task_type)}-{r.number}">{escape(h.task_type)} round {r.number}</a></li>'
                        for h in histories for r in h.rounds)
        parts.append(f"<nav><ul>{links}</ul></nav>")
        for history in histories:
            parts.append(f'<div class="type" id="{prefix}{slug(history.task_type)}">'
                         + "".join(_round_html(prefix, history, r) for r in history.rounds) + "</div>")
    return "".join(parts)


def render_html(runs: list[RunDir], rows: list[Row], curves: dict) -> str:
    labels = column_labels(runs, rows)
    run_items = []
    for label, run in zip(labels, runs):
        config = _config(run)
        settings = config.get("settings", {}) if isinstance(config.get("settings"), dict) else {}
        run_items.append(f"<li><b>{escape(label)}</b>: {escape(str(run.path))} — domain {escape(str(settings.get('domain')))}, "
                         f"preset {escape(str(settings.get('preset')))}, llm {escape(str(settings.get('llm')))}, "
                         f"seed {escape(str(settings.get('seed')))}</li>")
    svg = curves_svg(curves)
    generated = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>learnact-engine report</title><style>{CSS}</style></head><body>"
        f'<h1>learnact-engine report</h1><p class="muted">generated {generated}</p><ul>{"".join(run_items)}</ul>'
        '<h2 id="comparison-title">Success rate by method</h2>'
        "<p>Test episodes: success rate with its 95 % Wilson interval, the progress rate where the domain "
        "defines one, and the number of episodes.</p>"
        + comparison_table(runs, rows)
        + '<h2 id="cost-title">Tokens and cost per success</h2><p>Per LLM role where the run recorded roles; '
          "replayed (cached) calls count their original tokens.</p>"
        + cost_table(runs, rows)
        + '<h2 id="curves">Learning curves</h2>'
        + (svg or '<p class="muted">no learning rounds in these runs</p>')
        + extras(runs, rows)
        + libraries_html(runs)
        + "</body></html>\n"
    )


def write_html_report(runs: list[RunDir], path: Path, rows: list[Row], curves: dict) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_html(runs, rows, curves), encoding="utf-8")
    tmp.replace(path)
    return path
