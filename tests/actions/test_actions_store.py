"""Rounds on disk: atomic writes, provenance, verification on load, another process reading them."""

import json
import subprocess
import sys

import pytest

from learnact_engine.actions.errors import RoundError
from learnact_engine.actions.library import ActionLibrary
from learnact_engine.actions.store import Provenance, list_rounds, load_round, round_path, write_round
from actions_sample_run import PRIMITIVES, ROUND1, make_run

def test_round_trip_verifies_hashes_and_keeps_parent_notes_and_provenance(tmp_path):
    lib1, lib2, lib3 = make_run(tmp_path)
    assert list_rounds(tmp_path) == [1, 2, 3]
    assert (tmp_path / "library" / "round-002" / "actions.py").read_text() == lib2.source()
    loaded = load_round(tmp_path, 3)
    assert loaded.library == lib3 and loaded.library.hash == lib3.hash
    assert loaded.library.parent_hash == lib2.hash
    assert loaded.library["put_in"].notes == ("Open the receptacle first if it is closed.",)
    assert loaded.library.primitive_names == frozenset(PRIMITIVES)
    round2 = load_round(tmp_path, 2)
    (change,) = round2.changes
    assert (change.action, change.status, change.change) == ("find_at", "modified", "logic")
    assert change.provenance == Provenance(task="pick_and_place-3", step=4,
                                           feedback="The action is not valid and therefore takes no effect.")
    assert [c.action for c in load_round(tmp_path, 1).changes] == ["find_at", "put_in"]
    assert [(c.action, c.change) for c in loaded.changes] == [("put_in", "notes")]
    manifest = json.loads((round_path(tmp_path, 2) / "manifest.json").read_text())
    assert manifest["previous_round"] == 1 and manifest["parent_hash"] == lib1.hash


def test_rounds_are_never_overwritten_and_partial_writes_are_ignored(tmp_path):
    lib1, _, _ = make_run(tmp_path)
    with pytest.raises(RoundError, match="round 2 already exists"):
        write_round(tmp_path, 2, lib1)
    (tmp_path / "library" / ".round-004.tmp-dead").mkdir()  # what a killed writer leaves behind
    assert list_rounds(tmp_path) == [1, 2, 3]


def test_provenance_for_unknown_actions_is_an_error(tmp_path):
    lib = ActionLibrary.from_source(ROUND1, primitive_names=PRIMITIVES)
    with pytest.raises(ValueError, match="neither library: typo"):
        write_round(tmp_path, 0, lib, {"typo": Provenance()})


@pytest.mark.parametrize("tamper,message", [
    (lambda d: (d / "actions.py").write_text((d / "actions.py").read_text().replace("take", "put")),
     "does not match the manifest's source_sha256"),
    (lambda d: _edit_manifest(d, lambda m: m["actions"][1]["notes"].append("sneaky")),
     "library hash .* does not match"),
    (lambda d: _edit_manifest(d, lambda m: m["actions"][0].update(content_hash="0" * 64)),
     "'find_at' does not match its content_hash"),
    (lambda d: _edit_manifest(d, lambda m: m.pop("source_sha256")), "malformed manifest"),
    (lambda d: (d / "manifest.json").unlink(), "missing manifest.json"),
    (lambda d: (d / "manifest.json").write_text("{"), "not valid JSON"),
])
def test_loading_refuses_a_round_that_does_not_match_its_manifest(tmp_path, tamper, message):
    make_run(tmp_path)
    tamper(round_path(tmp_path, 3))
    with pytest.raises(RoundError, match=message):
        load_round(tmp_path, 3)


def _edit_manifest(folder, change):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def test_another_process_loads_verifies_and_diffs_a_round(tmp_path, capsys):
    make_run(tmp_path)
    argv = ["diff", str(tmp_path), "--from", "1", "--to", "3", "--json"]
    other = subprocess.run([sys.executable, "-m", "learnact_engine", *argv],
                           capture_output=True, text=True, check=True).stdout
    from learnact_engine.cli import main

    assert main(argv) == 0
    assert capsys.readouterr().out == other  # stable across processes (and their hash seeds)
    data = json.loads(other)
    assert [(a["name"], a["status"], a["change"]) for a in data["actions"]] == [
        ("find_at", "modified", "logic"), ("put_in", "modified", "notes")]
    assert data["from"]["round"] == 1 and data["to"]["round"] == 3
