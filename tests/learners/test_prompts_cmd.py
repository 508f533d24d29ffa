"""`learnact-engine prompts`: every stage rendered offline on generated tasks (no data, no LLM),
one-line usage errors, and `--from-run` showing what a recorded run really sent; a two-role run
(separate learner) replayed exactly from its cassettes."""

from __future__ import annotations

import json

import pytest

import learnact_engine.envs.registry as registry
import learnact_engine.llm.factory as factory
from learnact_engine.cli import main
from learnact_engine.run_dir import RunDir

from .doubles import ScriptedLLM

STAGES = {"learnact": ("agent", "creation", "description", "usage", "revision"),
          "react_reflexion": ("agent", "reflection"), "code_as_policy": ("code_as_policy",)}


@pytest.mark.parametrize("method,stage", [(m, s) for m, stages in STAGES.items() for s in stages])
def test_every_stage_renders_offline_on_generated_tasks(capsys, method, stage):
    args = ["prompts", "--domain", "robotic_planning", "--method", method, "--stage", stage,
            "--task", "gripper/gen01", "--json"]
    assert main(args) == 0
    messages = json.loads(capsys.readouterr().out)
    assert messages and all(set(m) == {"role", "content"} for m in messages)
    user = messages[-1]["content"]
    if stage == "reflection":  # the game's one-shot, then the failed episode
        assert "Robby is at" in user and user.rstrip().endswith("Short prompt for future:")
        return
    assert "Robby" in user and "pick(obj, room, gripper)" in user  # gripper's own instruction
    if stage == "agent" and method.startswith("react"):
        assert "Think:" in user
    if stage == "revision":
        assert user.rstrip().endswith("Failed reason:") and "Example 2:" in user


def test_text_output_is_the_messages(capsys):
    assert main(["prompts", "--domain", "robotic_planning", "--method", "act", "--task", "barman/gen01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("[system]\n") and "\n[user]\n" in out and "shaker" in out


@pytest.mark.parametrize("args,needle", [
    (["--domain", "robotic_planning", "--method", "act", "--stage", "creation"], "has no creation stage"),
    (["--domain", "robotic_planning", "--method", "act", "--task", "nosuch/task"], "unknown task"),
    (["--method", "act"], "--domain is required"),
    (["--from-run", "/nonexistent/run"], "--episode"),
])
def test_usage_errors_are_one_line(capsys, args, needle):
    assert main(["prompts", *args]) == 2
    err = capsys.readouterr().err
    assert needle in err and err.count("\n") == 1


@pytest.fixture
def doubles(monkeypatch):
    monkeypatch.setitem(registry.DOMAINS, "robotic_planning", "tests.learners.doubles:GripperEnv")
    real = factory.make_backend
    made: dict[str, list[ScriptedLLM]] = {}

    def make_backend(spec, options=None):
        if spec.startswith("openai:scripted"):
            llm = ScriptedLLM()
            llm.model = spec.split(":", 1)[1]
            made.setdefault(spec, []).append(llm)
            return llm
        return real(spec, options)

    monkeypatch.setattr(factory, "make_backend", make_backend)
    return made


SMALL = ["--domain", "robotic_planning", "--no-grammar", "--quiet", "--test-per-type", "2", "--samples", "1",
         "--iterations", "1", "--learn-max-steps", "3"]


def test_from_run_prints_what_the_run_sent(tmp_path, doubles, capsys):
    run_dir = tmp_path / "run"
    assert main(["learn", *SMALL, "--method", "react", "--llm", "openai:scripted", "--run-dir", str(run_dir)]) == 0
    capsys.readouterr()
    record = next(r for r in RunDir(run_dir).episodes() if r["phase"] == "test")
    assert main(["prompts", "--from-run", str(run_dir), "--episode", record["key"][:40], "--json"]) == 0
    calls = json.loads(capsys.readouterr().out)
    sent = doubles["openai:scripted"][0].calls
    assert len(calls) == len(record["trajectory"])
    first = calls[0]["messages"]
    assert [(m["role"], m["content"]) for m in first] in [list(r.messages) for r in sent]
    assert main(["prompts", "--from-run", str(run_dir), "--episode", record["key"], "--step", "1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == calls[1]["messages"]
    assert main(["prompts", "--from-run", str(run_dir), "--episode", record["key"], "--step", "99"]) == 2
    assert "numbered from 0" in capsys.readouterr().err


def test_two_role_run_replays_exactly(tmp_path, doubles, capsys):
    live = tmp_path / "live"
    assert main(["learn", *SMALL, "--llm", "openai:scripted-agent", "--learner-llm", "openai:scripted-learner",
                 "--run-dir", str(live)]) == 0
    summary = json.loads((live / "summary.json").read_text())
    assert summary["llm_by_role"]["agent"]["by_model"].keys() == {"scripted-agent"}
    assert summary["llm_by_role"]["learner"]["by_model"].keys() == {"scripted-learner"}
    config = json.loads((live / "config.json").read_text())
    assert config["settings"]["learner_llm"] == "openai:scripted-learner"
    assert (live / "llm-cache" / "learner").is_dir()
    assert "learner LLM (scripted-learner)" in (live / "report.md").read_text()
    capsys.readouterr()
    # the learner's recorded revision prompts, from its own cassette
    assert main(["prompts", "--from-run", str(live), "--stage", "revision", "--json"]) == 0
    revisions = json.loads(capsys.readouterr().out)
    assert revisions and {c["model"] for c in revisions} == {"scripted-learner"}
    assert revisions[0]["messages"][1]["content"].rstrip().endswith("Failed reason:")
    calls = {spec: len(made[0].calls) for spec, made in doubles.items()}
    replayed = tmp_path / "replayed"
    assert main(["learn", *SMALL, "--llm", f"replay:{live / 'llm-cache'}", "--run-dir", str(replayed)]) == 0
    assert {spec: len(made[0].calls) for spec, made in doubles.items()} == calls  # nothing asked again
    strip = lambda r: (r["phase"], r["task"], r["success"], [s["action"] for s in r["trajectory"]])  # noqa: E731
    assert [strip(r) for r in RunDir(replayed).episodes()] == [strip(r) for r in RunDir(live).episodes()]
