"""The HTML report of two recorded runs (LearnAct and act), opened in a real headless browser.

The DOM Chromium builds must hold the comparison table with the runs' numbers (success, Wilson
interval, episodes) and, for every action a round revised, its side-by-side diff and provenance;
a screenshot is written as a test artefact and its path printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from learnact_engine.actions.store import list_rounds, load_round
from learnact_engine.cli import main
from learnact_engine.report import wilson_interval

from .dom import parse

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-extensions", "--mute-audio")


@pytest.fixture(scope="module")
def html_report(recorded_runs, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "compare.html"
    code = main(["report", str(recorded_runs["learnact"]), str(recorded_runs["act"]), "--out",
                 str(out.with_suffix(".md")), "--html", str(out), "--quiet"])
    assert code == 0 and out.is_file()
    return out


def _browser(chromium: str, profile, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def test_report_is_self_contained(html_report):
    text = html_report.read_text(encoding="utf-8")
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:)?//""", text), "no resource may come from the network"
    assert "<link" not in text.lower() and "@import" not in text
    assert "<style>" in text and 'id="learning-curve"' in text


def _expected_cells(run_dir) -> dict[str, tuple[int, int]]:
    records = [json.loads(line) for line in (run_dir / "episodes.jsonl").read_text().splitlines()]
    tests = [r for r in records if r["phase"] == "test"]
    cells = {"all": (sum(bool(r["success"]) for r in tests), len(tests))}
    for kind in {r["task_type"] for r in tests}:
        of_kind = [r for r in tests if r["task_type"] == kind]
        cells[kind] = (sum(bool(r["success"]) for r in of_kind), len(of_kind))
    return cells


@pytest.mark.browser
def test_browser_renders_comparison_and_library_history(html_report, recorded_runs, chromium, tmp_path):
    dumped = _browser(chromium, tmp_path / "profile", "--dump-dom", html_report.as_uri())
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    dom = parse(dumped.stdout)

    # the comparison: columns are the methods, in the order given; numbers from the runs' episodes
    table = dom.find("table", id="comparison")
    assert table is not None
    headers = [th.text().strip() for th in table.find("thead").find_all("th")]
    assert headers == ["domain", "game / task type", "learnact", "act"]
    rows = {tr.attrs["data-type"]: tr for tr in table.find("tbody").find_all("tr")}
    assert set(rows) == {"gripper", "all"}
    assert "overall" in rows["all"].text()
    for column, method in enumerate(("learnact", "act")):
        for kind, (successes, episodes) in _expected_cells(recorded_runs[method]).items():
            cell = rows[kind].find_all("td")[column]
            assert (cell.attrs["data-successes"], cell.attrs["data-episodes"]) == (str(successes), str(episodes))
            low, high = wilson_interval(successes, episodes)
            text = " ".join(cell.text().split())
            assert f"{successes / episodes:.1%}" in text
            assert f"[{low:.1%}, {high:.1%}]" in text and f"{successes}/{episodes} episodes" in text
    assert _expected_cells(recorded_runs["learnact"])["all"] == (2, 2)  # the two runs differ
    assert _expected_cells(recorded_runs["act"])["all"] == (0, 2)

    # cost per success per role, and the learning curve drawn inline
    assert dom.find("table", id="cost") is not None
    assert dom.find("svg", id="learning-curve") is not None

    # every action a round revised has its diff, provenance and a linkable anchor
    type_dir = recorded_runs["learnact"] / "learn" / "gripper"
    revised = []
    for number in list_rounds(type_dir):
        for change in load_round(type_dir, number).changes:
            if change.status == "modified":
                revised.append((number, change))
    assert revised, "the recorded LearnAct run revised an action"
    for number, change in revised:
        anchor = f"gripper-{number}-{change.action}"
        article = dom.find("article", id=anchor)
        assert article is not None and article.attrs["data-status"] == "modified"
        assert dom.find("a", href=f"#{anchor}") is not None
        diff = article.find("table", class_="diff")
        assert diff is not None
        before = load_round(type_dir, number - 1).library[change.action].source.splitlines()
        after = load_round(type_dir, number).library[change.action].source.splitlines()
        changed = [tr for tr in diff.find_all("tr") if tr.attrs.get("class") in ("replace", "delete", "insert")]
        removed = {tr.find("td", class_="old").text() for tr in changed} - {""}
        added = {tr.find("td", class_="new").text() for tr in changed} - {""}
        assert removed >= set(before) - set(after) and added >= set(after) - set(before) and added
        provenance = " ".join(article.find("div", class_="prov").text().split())
        assert change.provenance.task in provenance
        assert change.provenance.feedback.split()[0] in provenance
    # every round of the type is there, its actions' code included
    for number in list_rounds(type_dir):
        assert dom.find("section", id=f"gripper-{number}") is not None
    assert "def " in dom.find("section", id="gripper-0").text()
    ids = [node.attrs["id"] for node in dom.iter() if "id" in node.attrs]
    assert len(ids) == len(set(ids)), "every anchor is unique"

    shot = tmp_path / "report.png"
    taken = _browser(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1280,2400",
                     "--hide-scrollbars", html_report.as_uri())
    assert taken.returncode == 0 and shot.is_file() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    artefacts = os.environ.get("LEARNACT_TEST_ARTIFACTS")  # a folder CI keeps, when it sets one
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        shot = Path(shutil.copy(shot, Path(artefacts) / "html-report.png"))
        shutil.copy(html_report, Path(artefacts) / "html-report.html")
    print(f"\nHTML report screenshot: {shot}\nHTML report: {html_report}")


def test_report_writes_html_beside_markdown_by_default(recorded_runs, capsys):
    run = recorded_runs["act"]
    assert main(["report", str(run), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert f"HTML report: {run / 'report.html'}" in out
    assert (run / "report.md").is_file() and (run / "report.html").is_file()


def test_report_of_a_missing_run_is_one_line(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a run directory" in err
    assert main(["report", str(tmp_path), "--html", str(tmp_path / "x.pdf")]) == 2
