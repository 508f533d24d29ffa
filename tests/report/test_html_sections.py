"""HTML report sections from what a run recorded: progress rates, tokens and cost per success per LLM
role, reply problems and per-repeat results are shown when the summary has them, and a run without
them (or with odd values) still renders. Run directories are written with the product's RunDir."""

from __future__ import annotations

from learnact_engine.report import write_report
from learnact_engine.run_dir import RunDir

from .dom import parse


def _run(path, method: str, outcomes: list[tuple[str, bool, float | None]], summary: dict | None) -> RunDir:
    run = RunDir.create(path, {"settings": {"method": method, "domain": "robotic_planning", "preset": "clean",
                                            "llm": "replay:x", "seed": 0}})
    for index, (task_type, success, progress) in enumerate(outcomes):
        run.append_episode({"key": f"test/{index}", "phase": "test", "task_type": task_type, "success": success,
                            "progress": progress, "tokens": 100, "cached_tokens": 0, "cost_usd": 0.01})
    if summary is not None:
        run.write_summary(summary)
    return run


def test_sections_from_summary_fields(tmp_path):
    ledger = lambda tokens, cost: {"run": {"calls": 3, "prompt_tokens": tokens, "completion_tokens": 0,  # noqa: E731
                                           "cost_usd": cost, "cached_calls": 0}, "by_model": {}}
    summary = {"method": "learnact", "successes": 2, "episodes": 3, "progress_rate": 0.75,
               "by_type": {"gripper": {"episodes": 2, "successes": 2, "progress_rate": 1.0}},
               "llm_by_role": {"agent": ledger(1000, 0.5), "learner": ledger(3000, 1.5)},
               "reply_problems": {"no_action_line": 4, "empty_reply": 0}, "truncated_replies": {"creation": 1},
               "by_repeat": {"0": {"episodes": 3, "successes": 2, "success_rate": 0.6667, "progress_rate": 0.75}}}
    a = _run(tmp_path / "a", "learnact", [("gripper", True, 1.0), ("gripper", True, 1.0), ("barman", False, 0.25)],
             summary)
    b = _run(tmp_path / "b", "act", [("gripper", False, 0.5), ("barman", False, None)], {"llm_by_role": "odd"})
    html_path = tmp_path / "out.html"
    write_report([a.path, b.path], tmp_path / "out.md", html=html_path)
    dom = parse(html_path.read_text())

    rows = {tr.attrs["data-type"]: tr for tr in dom.find("table", id="comparison").find("tbody").find_all("tr")}
    assert list(rows) == ["barman", "gripper", "all"]
    gripper = [" ".join(td.text().split()) for td in rows["gripper"].find_all("td")]
    assert "100.0%" in gripper[0] and "progress 100.0%" in gripper[0] and "2/2 episodes" in gripper[0]
    assert "0.0%" in gripper[1] and "progress 50.0%" in gripper[1]
    overall = " ".join(rows["all"].find_all("td")[0].text().split())
    assert "66.7%" in overall and "progress 75.0%" in overall and "2/3 episodes" in overall

    cost = {tuple(td.text() for td in tr.find_all("td")[:2]): [td.text() for td in tr.find_all("td")]
            for tr in dom.find("table", id="cost").find("tbody").find_all("tr")}
    assert cost[("learnact", "agent")][4] == "500" and cost[("learnact", "learner")][4] == "1,500"
    assert cost[("learnact", "learner")][6] == "0.7500"
    problems = dom.find("table", id="problems").text()
    assert "no_action_line" in problems and "creation" in problems and "empty_reply" not in problems
    repeat = [td.text() for td in dom.find("table", id="by-repeat").find("tbody").find_all("td")]
    assert repeat == ["learnact", "0", "2/3", "66.7%", "75.0%"]
    assert dom.find("h2", id="libraries") is None  # no learned libraries in these runs


def test_run_without_summary_renders(tmp_path):
    run = _run(tmp_path / "a", "act", [], None)
    path = write_report([run.path])
    html = (path.with_suffix(".html")).read_text()
    assert "no test episodes" in html and "no learning rounds" in html
