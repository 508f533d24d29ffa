"""History budgets (learners.budget): the agent's oldest history items go first and never the
instruction, examples or goal; learner prompts lose old repair exchanges, then the oldest trajectory
steps; a prompt the server rejects for its length is trimmed and retried (a real HTTP server that
counts and rejects), and one whose minimum cannot fit fails with status "context"."""

from __future__ import annotations

import pytest

from learnact_engine.envs.base import Primitive
from learnact_engine.learners.budget import (
    Fitter,
    PromptFailed,
    PromptTooLong,
    complete_fitted,
    complete_learner,
    prompt_budget,
)
from learnact_engine.learners.prompts import Demonstration, agent_messages
from learnact_engine.llm import LLM, LLMOptions, MeteredLLM, make_llm
from learnact_engine.llm.types import Completion, Usage

PRIMITIVES = [Primitive("move", ("r1", "r2"), "Move from room r1 to room r2.", "move from {r1} to {r2}")]
DEMO = Demonstration("be in roomb", "You are in rooma.", (('move("rooma", "roomb")', "You are in roomb."),))


class WordModel(LLM):
    """One token a word, a fixed window; answers with the number of words it was sent."""

    model = "word-model"

    def __init__(self, window: int):
        self.window = window

    def discover_window(self):
        return self.window, "test"

    def tokenizer(self):
        return lambda text: len(text.split())

    def complete_request(self, request):
        words = sum(len(content.split()) for _role, content in request.messages)
        return Completion(str(words), Usage(words, 1), self.model, finish_reason="stop")


def history(steps: int) -> list[tuple[str, str]]:
    return [(f'move("room{i}", "room{i + 1}")', f"You are in room{i + 1}. " + "It is a long corridor. " * 5)
            for i in range(steps)]


def messages_for(fit, steps=30, memory=100, goal="reach room30"):
    return agent_messages(system="Plan well.", primitives=PRIMITIVES, library=None, usage="", demonstration=DEMO,
                          reflections=(), goal=goal, initial_observation="START: you are in room0.",
                          history=history(steps), memory=memory, react=False, fit=fit)


def test_oldest_history_items_go_first_never_instruction_examples_goal():
    llm = MeteredLLM(WordModel(400))
    full = messages_for(None)
    fitter = Fitter(llm, prompt_budget(llm, "clean", 48))
    fitted = messages_for(fitter)
    user = fitted[1]["content"]
    assert llm.count_tokens(fitted) <= fitter.budget < llm.count_tokens(full)
    assert fitter.dropped > 0
    for kept in ("Move from room r1 to room r2.", "Here are examples:", 'move("rooma", "roomb")',
                 "goal: reach room30", "START: you are in room0.", 'move("room29", "room30")'):
        assert kept in user  # instruction, example, goal, the initial observation (clean) and the last step
    assert 'Action: move("room0", "room1")' not in user  # the oldest step went first
    assert user.rstrip().endswith("Action:")
    # exactly the oldest items are gone: what is left is a suffix of the history
    kept_lines = [ln for ln in user.splitlines() if ln.startswith("Action: move(\"room") and "rooma" not in ln]
    assert kept_lines == [f'Action: move("room{i}", "room{i + 1}")' for i in range(30 - len(kept_lines), 30)]


def test_paper_preset_budget_and_initial_observation_as_the_oldest_item():
    llm = MeteredLLM(WordModel(300))
    assert prompt_budget(llm, "paper", 48) == 300  # the reference: the prompt alone against the window
    assert prompt_budget(MeteredLLM(WordModel(100_000)), "paper", 48) == 8192  # its GPT-4 budget
    fitted = messages_for(Fitter(llm, prompt_budget(llm, "paper", 48), paper=True))
    assert "START: you are in room0." not in fitted[1]["content"]  # dropped first, as the reference
    assert "goal: reach room30" in fitted[1]["content"]


def test_a_fixed_part_over_the_budget_cannot_fit():
    llm = MeteredLLM(WordModel(260))
    with pytest.raises(PromptTooLong):
        messages_for(Fitter(llm, 40))
    with pytest.raises(PromptFailed) as failed:
        complete_fitted(llm, lambda fit: messages_for(fit, goal="reach " + "far " * 300), preset="clean",
                        max_tokens=10)
    assert failed.value.status == "context" and llm.ledger.note_counts() == {"context_episode": 1}


def test_learner_prompt_drops_old_exchanges_then_oldest_trajectory_steps():
    trajectory = "\n".join(f"Action: step{i}()\nObservation: " + "state words " * 10 for i in range(12))
    first = {"role": "user", "content": f"Write code.\nHere is a trajectory:\nObservation: start\n{trajectory}\nError: x"}
    conversation = [first]
    for attempt in range(3):
        conversation += [{"role": "assistant", "content": f"reply {attempt} " * 20},
                         {"role": "user", "content": f"error {attempt} " * 5}]
    llm = MeteredLLM(WordModel(2000))
    fitter = Fitter(llm, llm.count_tokens(conversation) - 100)  # two exchanges must go
    shorter = fitter.shorten(conversation)
    assert [m["content"][:7] for m in shorter] == ["Write c", "reply 2", "error 2"]  # oldest exchanges gone
    assert shorter[0]["content"] == first["content"]  # that was enough: the trajectory is whole
    tight = Fitter(llm, llm.count_tokens([first]) - 60)
    cut = tight.shorten([first])[0]["content"]
    assert "[3 earlier steps omitted]" in cut and "Action: step0()" not in cut and "Action: step3()" in cut
    assert "Observation: start" in cut and "Action: step11()" in cut and cut.endswith("Error: x")
    with pytest.raises(PromptTooLong):  # every trajectory down to its last step and still too long
        Fitter(llm, 40).shorten([first])


def test_rejected_prompt_is_trimmed_and_retried_over_real_http(openai_server):
    openai_server.window_tokens = 600  # the server's window, unknown to the client (default 4096)
    llm = make_llm("openai:local-model", options=LLMOptions(base_url=openai_server.base_url, api_key="k"))
    completion = complete_fitted(llm, lambda fit: messages_for(fit, steps=40), preset="clean", max_tokens=32)
    assert completion.text == "ok"
    assert openai_server.rejected == 1  # one rejection taught the window; the retry fitted it
    sent = openai_server.requests[-1]
    assert sent["prompt_tokens"] + 1 <= 600
    assert llm.window.to_dict() == {"tokens": 600, "source": "server rejection"}
    assert llm.ledger.note_counts() == {"context_rejected": 1, "context_retry": 1, "context_trimmed": 1}
    # the next prompt is fitted before it is sent: no more rejections
    complete_fitted(llm, lambda fit: messages_for(fit, steps=41), preset="clean", max_tokens=32)
    assert openai_server.rejected == 1


def test_learner_call_too_long_even_shortened_fails_cleanly(openai_server):
    openai_server.window_tokens = 300
    llm = make_llm("openai:local-model", options=LLMOptions(base_url=openai_server.base_url, api_key="k"))
    huge = [{"role": "user", "content": "Write a function. " + "constraint words " * 800}]
    with pytest.raises(PromptFailed) as failed:
        complete_learner(llm, huge, preset="clean", max_tokens=64)
    assert failed.value.status == "context" and not openai_server.requests


def test_other_request_errors_end_one_call_not_the_run(openai_server):
    from scripted_server import error

    from learnact_engine.llm import RetryPolicy

    openai_server.script = [error(500)] * 2
    llm = make_llm("openai:m", options=LLMOptions(base_url=openai_server.base_url, api_key="k",
                                                  retry_policy=RetryPolicy(max_attempts=2, initial_backoff_s=0,
                                                                           jitter_s=0)))
    with pytest.raises(PromptFailed) as failed:
        complete_fitted(llm, lambda fit: messages_for(fit, steps=1), preset="clean", max_tokens=8)
    assert failed.value.status == "llm_error"
    assert complete_fitted(llm, lambda fit: messages_for(fit, steps=1), preset="clean", max_tokens=8).text == "ok"
