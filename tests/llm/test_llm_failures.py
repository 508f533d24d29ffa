"""A failed request ends one episode, not the run (`"status": "llm_error"`, run again by --resume);
five in a row stop the run; reply problems are counted as data."""

from __future__ import annotations

import pytest

from learnact_engine.learners.budget import LLMUnavailableError
from learnact_engine.learners.context import Settings
from learnact_engine.learners.run import RunOptions, execute_run
from learnact_engine.llm import MeteredLLM
from learnact_engine.llm.accounting import reply_problems
from learnact_engine.llm.types import Completion, LLMRequestError, Usage
from learnact_engine.run_dir import RunDir
from tests.learners.doubles import GripperEnv, ScriptedLLM


class FlakyLLM(ScriptedLLM):
    """The scripted LLM, but its first `failures` agent calls fail as a dead server's would."""

    def __init__(self, failures: int):
        super().__init__()
        self.failures = failures

    def complete_request(self, request):
        if self.failures > 0 and "perform actions to accomplish the goal" in request.messages[-1][1]:
            self.failures -= 1
            raise LLMRequestError("openai:m at server: HTTP 503 after 6 attempt(s): overloaded")
        return super().complete_request(request)


def options(tmp_path, llm, repeats=1, resume=False):
    settings = Settings.for_domain("robotic_planning", method="act", test_per_type=2, max_steps=5, repeats=repeats,
                                   constrain=False)
    return RunOptions(settings, llm="scripted", run_dir=tmp_path / "run", resume=resume,
                      llm_factory=lambda: MeteredLLM(llm), env_factory=GripperEnv)


def test_failed_request_ends_one_episode_and_resume_runs_it_again(tmp_path):
    summary = execute_run(options(tmp_path, FlakyLLM(failures=1)))
    records = RunDir(tmp_path / "run").episodes()
    assert [r["status"] for r in records] == ["llm_error", "finished"]
    assert "HTTP 503" in records[0]["problem"] and summary["episodes"] == 2 and summary["successes"] == 1
    again = execute_run(options(tmp_path, FlakyLLM(failures=0), resume=True))
    finished = RunDir(tmp_path / "run").finished()
    assert sorted(r["status"] for r in finished.values()) == ["finished", "finished"]
    assert again["successes"] == 2


def test_five_failures_in_a_row_stop_the_run(tmp_path):
    with pytest.raises(LLMUnavailableError, match="5 requests in a row failed"):
        execute_run(options(tmp_path, FlakyLLM(failures=100), repeats=3))
    assert [r["status"] for r in RunDir(tmp_path / "run").episodes()] == ["llm_error"] * 4  # kept on disk


@pytest.mark.parametrize("text, finish, expected", [
    ("", "stop", ("empty",)),
    ('pick("b1")', "length", ("length",)),
    ("I'm sorry, but I can't help with that.", "stop", ("refusal",)),
    ("As an AI language model, I cannot act.", "stop", ("refusal",)),
    ('move("rooma", "roomb")', "stop", ()),
])
def test_reply_problems_on_their_face(text, finish, expected):
    assert reply_problems(Completion(text, Usage(1, 1), "m", finish_reason=finish)) == expected
