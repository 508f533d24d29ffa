"""The real embedded model (SmolLM2-135M-Instruct through llama.cpp): plain and grammar-constrained."""

from __future__ import annotations

import ast
import json

import pytest

from learnact_engine.llm import action_line_grammar, call_grammar, choice_grammar, make_llm, python_block_grammar

pytestmark = pytest.mark.llm_local

ROOMS = ["go to kitchen", "go to bedroom", "go to garden"]


@pytest.fixture(scope="module")
def local_llm(local_model_path):
    return make_llm("local")


def test_llama_cpp_parses_every_grammar_and_rejects_a_bad_one(local_llm):
    backend = local_llm.inner
    for grammar in [
        choice_grammar(['say "hi"', "go to desk 1", "back\\slash", "tab\there"]),
        call_grammar(["f", "g"]),
        call_grammar(["f"], string_values=["mug 1", 'odd"name']),
        action_line_grammar(["look", "inventory"], ["clean_and_place"]),
        python_block_grammar(),
    ]:
        backend.check_grammar(grammar)
    # llama-cpp-python itself would crash on this (NULL sampler); we raise instead.
    with pytest.raises(ValueError, match="invalid GBNF grammar"):
        local_llm.complete("hi", grammar='root ::= "a"\n    | "b"\n', max_tokens=4)


def test_answers_a_short_prompt(local_llm):
    completion = local_llm.complete("What is the capital of France? Answer in one word.", max_tokens=16)
    assert completion.text.strip()
    assert completion.usage.prompt_tokens > 5 and 0 < completion.usage.completion_tokens <= 16
    assert completion.model.startswith("SmolLM2-135M-Instruct")
    assert completion.cost_usd == 0.0 and completion.cached is False and completion.latency_s > 0
    again = local_llm.complete("What is the capital of France? Answer in one word.", max_tokens=16)
    assert again.text == completion.text  # greedy decoding at temperature 0 is deterministic


def test_choice_grammar_returns_one_allowed_line(local_llm):
    completion = local_llm.complete(
        [
            {"role": "system", "content": "You control a robot. Reply with exactly one command."},
            {"role": "user", "content": "You are hungry. Commands: " + "; ".join(ROOMS)},
        ],
        grammar=choice_grammar(ROOMS),
        max_tokens=16,
    )
    assert completion.text in ROOMS


def test_call_grammar_returns_a_parseable_action_call(local_llm):
    completion = local_llm.complete(
        "Put the mug in the coffee machine. Available actions: clean_and_place(obj, place), look().",
        grammar=call_grammar(["clean_and_place", "look"], string_values=["mug 1", "coffeemachine 1"]),
        max_tokens=32,
    )
    call = ast.parse(completion.text, mode="eval").body
    assert isinstance(call, ast.Call) and call.func.id in {"clean_and_place", "look"}
    assert all(arg.value in {"mug 1", "coffeemachine 1"} for arg in call.args)


def test_action_line_grammar_mixes_lines_and_calls(local_llm):
    grammar = action_line_grammar(ROOMS, ["find_food"])
    text = local_llm.complete("Find food. Reply with one action.", grammar=grammar, max_tokens=24).text
    assert text in ROOMS or text.startswith("find_food(")


def test_python_block_grammar(local_llm):
    completion = local_llm.complete(
        "Write a Python function add(a, b) that returns a + b.", grammar=python_block_grammar(), max_tokens=64
    )
    assert completion.text.startswith("```python\n")
    if completion.finish_reason == "stop":
        assert completion.text.endswith("```") and completion.text.count("```") == 2


def test_local_path_spec_and_chat_command(local_model_path, capsys):
    from learnact_engine.cli import main

    llm = make_llm(f"local:{local_model_path}")
    assert llm.describe()["n_ctx"] == 4096 and llm.describe()["threads"] == 1
    code = main(["chat", "--llm", f"local:{local_model_path}", "Pick a room.", "--json",
                 *[arg for room in ROOMS for arg in ("--choice", room)]])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["text"] in ROOMS and out["cost_usd"] == 0.0
