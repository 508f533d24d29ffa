"""`learnact-engine diff` and `learnact-engine history` through the CLI entry point."""

import json

from learnact_engine.cli import main
from actions_sample_run import make_run


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_diff_run_dir_defaults_to_last_two_rounds(tmp_path, capsys):
    make_run(tmp_path)
    code, out, _ = run_cli(capsys, "diff", str(tmp_path), "--color", "never")
    assert code == 0
    assert out.startswith("library diff round-002 (")
    assert "~ put_in  modified (notes)" in out and "find_at" not in out
    assert "summary: 0 added, 0 removed, 1 modified (1 notes), 1 unchanged, 0 flag(s)" in out


def test_diff_text_shows_facts_flags_and_colour(tmp_path, capsys):
    make_run(tmp_path)
    code, out, _ = run_cli(capsys, "diff", str(tmp_path), "--from", "1", "--to", "2", "--color", "always")
    assert code == 0 and "\x1b[" in out
    code, plain, _ = run_cli(capsys, "diff", str(tmp_path), "--from", "1", "--to", "2", "--color", "never")
    assert "\x1b" not in plain
    assert "import added: import re" in plain
    assert "primitive calls: +open" in plain
    assert "observation matches: +'closed'" in plain
    assert "! line 4 new_import" in plain
    assert "+    if 'closed' in observation:" in plain


def test_diff_two_files_and_round_folders(tmp_path, capsys):
    make_run(tmp_path)
    old, new = tmp_path / "old.py", tmp_path / "new.py"
    old.write_text("def f(r):\n    return r\n")
    new.write_text("def f(r):\n    return (r)  # same\n\n\ndef g():\n    return take('mug 1', 'x')\n")
    code, out, _ = run_cli(capsys, "diff", str(old), str(new), "--json", "--primitives", "take")
    data = json.loads(out)
    assert code == 0 and data["from"]["label"] == str(old)
    assert [(a["name"], a["status"], a["change"]) for a in data["actions"]] == [
        ("f", "modified", "formatting"), ("g", "added", None)]
    assert data["actions"][1]["facts"]["primitive_calls_added"] == ["take"]
    rounds = tmp_path / "library"
    code, out, _ = run_cli(capsys, "diff", str(rounds / "round-001"), str(rounds / "round-002"), "--json")
    assert code == 0 and json.loads(out)["summary"]["modified"] == 1


def test_diff_usage_and_integrity_errors(tmp_path, capsys):
    assert run_cli(capsys, "diff", str(tmp_path / "nope"))[0] == 2
    assert run_cli(capsys, "diff", str(tmp_path))[0] == 2  # no rounds
    make_run(tmp_path)
    code, _, err = run_cli(capsys, "diff", str(tmp_path), "--from", "1", "--to", "9")
    assert code == 2 and "has no round 9 (rounds: 1, 2, 3)" in err
    assert run_cli(capsys, "diff", "a.py", "b.py", "--from", "1")[0] == 2
    actions = tmp_path / "library" / "round-003" / "actions.py"
    actions.write_text(actions.read_text() + "\n# edited\n")
    code, _, err = run_cli(capsys, "diff", str(tmp_path))
    assert code == 1 and "source_sha256" in err


def test_history_shows_versions_and_causes(tmp_path, capsys):
    make_run(tmp_path)
    code, out, _ = run_cli(capsys, "history", str(tmp_path), "find_at", "--color", "never", "--diff")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "history of find_at"
    assert "round   1  + added" in lines[1]
    assert "cause: creation" in out
    assert "cause: task pick_and_place-3, step 4" in out
    assert "feedback: The action is not valid and therefore takes no effect." in out
    assert "round   3  = unchanged" in out
    code, out, _ = run_cli(capsys, "history", str(tmp_path), "put_in", "--json", "--changes-only")
    versions = json.loads(out)["versions"]
    assert [(v["round"], v["status"], v["change"]) for v in versions] == [(1, "added", None), (3, "modified", "notes")]
    assert versions[1]["provenance"]["reason"] == "plan"
    assert versions[1]["notes"] == ["Open the receptacle first if it is closed."]


def test_history_unknown_action_and_missing_run(tmp_path, capsys):
    assert run_cli(capsys, "history", str(tmp_path / "nope"), "f")[0] == 2
    make_run(tmp_path)
    code, _, err = run_cli(capsys, "history", str(tmp_path), "nope")
    assert code == 1 and "defines an action named 'nope'" in err
