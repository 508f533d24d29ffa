"""`learn --estimate`: calls and tokens before a run, from the protocol's counts and real prompts,
with no LLM call and no run directory."""

from __future__ import annotations

import re

import pytest

from learnact_engine.cli import main


def figures(out: str, phase: str) -> dict[str, tuple[int, int, int]]:
    """{"typical"/"at most": (calls, prompt tokens, completion tokens)} of one phase's rows."""
    rows = {}
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(phase))
    for line in lines[start: start + 2]:
        label = "typical" if "typical" in line else "at most"
        numbers = [int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?!\.)", line.split(label, 1)[1])]
        rows[label] = tuple(numbers[:3])
    return rows


@pytest.mark.parametrize("domain", ["robotic_planning", pytest.param("alfworld", marks=pytest.mark.alfworld)])
def test_paper_preset_estimate_for_both_domains(domain, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["learn", "--domain", domain, "--preset", "paper", "--scale", "full", "--llm", "openai:gpt-4",
                 "--estimate"]) == 0
    out = capsys.readouterr().out
    assert "no LLM was called" in out and "context window 8,192 tokens (known model)" in out
    total = figures(out, "total")
    assert 0 < total["typical"][0] < total["at most"][0] and total["at most"][1] > 0
    assert re.search(r"total\s+typical.*\d+\.\d\d$", out, re.M)  # priced: a cost in USD
    assert not (tmp_path / "runs").exists()  # nothing was run


def test_estimate_counts_follow_the_protocol(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    args = ["learn", "--domain", "robotic_planning", "--method", "act", "--types", "gripper", "blockworld",
            "--test-per-type", "2", "--max-steps", "7", "--llm", "openai:served", "--estimate"]
    assert main(args) == 0
    testing = figures(capsys.readouterr().out, "testing")
    assert testing["at most"][0] == 2 * 2 * 7  # types x tasks x step cap, one call a step
    assert testing["typical"][0] == 2 * 2 * 3
    assert main([*args, "--method", "learnact"]) == 0
    out = capsys.readouterr().out
    assert figures(out, "learning")["at most"][0] > 0 and "learner creation prompt" in out


def test_learner_calls_are_priced_at_the_learner_models_rates(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    def costs(*extra: str) -> dict[str, dict[str, float]]:
        assert main(["learn", "--domain", "robotic_planning", "--types", "gripper", "--llm", "openai:gpt-3.5-turbo",
                     "--estimate", *extra]) == 0
        out = capsys.readouterr().out
        found = {}
        for phase in ("learning", "testing"):
            lines = out.splitlines()
            start = next(i for i, line in enumerate(lines) if line.startswith(phase))
            found[phase] = {("typical" if "typical" in line else "at most"): float(line.split()[-1].replace(",", ""))
                            for line in lines[start: start + 2]}
        return found

    alone = costs()
    split = costs("--learner-llm", "openai:gpt-4")
    for label in ("typical", "at most"):
        assert split["learning"][label] > alone["learning"][label]  # code is written at GPT-4's rates
        assert split["testing"][label] == alone["testing"][label]  # the agent alone acts at test time
    assert split["learning"]["at most"] >= split["learning"]["typical"]
