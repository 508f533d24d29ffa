"""The validity loop (spec §1.4): parse the learner's code, run it in the sandbox against a reset
training env (its usage lines included, as a test), and on any error send the traceback back and
ask for the whole response again, up to `validity_tries` times.

Every execution goes through the sandbox; the usage lines run as the body of one extra function
appended to the library, so their line numbers in tracebacks stay those of the library file.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from learnact_engine.actions import ActionLibrary
from learnact_engine.actions.errors import LibraryError
from learnact_engine.learners.budget import PromptFailed, complete_learner
from learnact_engine.learners.context import RunContext
from learnact_engine.learners.learnact_prompts import repair_message
from learnact_engine.learners.output_caps import cut_off_message, output_cap, was_cut_off
from learnact_engine.llm.grammar import python_block_grammar
from learnact_engine.primitives import env_primitive_handlers

TEST_FUNCTION = "learnact_usage_test"


@dataclass(frozen=True)
class CodeResult:
    library: ActionLibrary | None  # the merged library, None when every try failed
    added: ActionLibrary | None  # just the functions of the accepted reply
    messages: tuple[dict, ...]
    attempts: int
    errors: tuple[str, ...]


def sandbox_check(ctx: RunContext, library: ActionLibrary, test_code: str, task: str, seed: int) -> str | None:
    """None when the library loads and its test code runs without a Python error; else the feedback."""
    source = library.source()
    if test_code.strip():
        source += f"\n\ndef {TEST_FUNCTION}():\n" + textwrap.indent(test_code.rstrip() + "\n", "    ")
    with ctx.envs.env() as env:
        env.reset(task)
        session = ctx.sandbox.session(seed=seed)
        try:
            loaded = session.load(source, env_primitive_handlers(
                env, return_observation=ctx.settings.primitives_return))
            if not loaded.ok:
                return "the code was refused: " + loaded.message()
            if not test_code.strip():
                return None
            result = session.call(TEST_FUNCTION, [])
            if result.ok:
                return None
            return result.error.traceback if result.error else result.status
        finally:
            session.close()


def generate_valid(ctx: RunContext, messages: list[dict], primitive_names, base: ActionLibrary | None,
                   test_task: str, seed: int, temperature: float, first_reply: str | None = None,
                   stage: str = "creation", first_cut_off: bool = False) -> CodeResult:
    """Ask for code until a reply parses and runs, at most `validity_tries` replies. The test code
    runs against `test_task` (creation: the first training task; revision: the task that failed).
    A reply cut off by its length cap is answered "your reply was cut off", not checked as code."""
    settings = ctx.settings
    grammar = python_block_grammar() if settings.constrain else None
    cap = output_cap(ctx, stage)
    messages = list(messages)
    errors: list[str] = []
    for attempt in range(1, settings.validity_tries + 1):
        if attempt == 1 and first_reply is not None:
            text, cut = first_reply, first_cut_off
        else:
            try:  # shortened to the learner model's window (learners.budget)
                completion = complete_learner(ctx.learner_llm, messages, preset=settings.preset,
                                              temperature=temperature, seed=seed + attempt, max_tokens=cap,
                                              grammar=grammar)
            except PromptFailed as exc:  # this sample fails; the run goes on
                errors.append(f"{exc.status}: {exc}")
                break
            text, cut = completion.text, was_cut_off(ctx, stage, completion)
        messages.append({"role": "assistant", "content": text})
        if cut:
            errors.append("cut off")
            messages.append({"role": "user", "content": cut_off_message(cap)})
            continue
        error, merged, added = _check_reply(ctx, text, primitive_names, base, test_task, seed)
        if error is None:
            return CodeResult(merged, added, tuple(messages), attempt, tuple(errors))
        errors.append(error)
        messages.append({"role": "user", "content": repair_message(error)})
    return CodeResult(None, None, tuple(messages), settings.validity_tries, tuple(errors))


def _check_reply(ctx, text, primitive_names, base, test_task, seed):
    parsed = ActionLibrary.parse(text, primitive_names=primitive_names)
    if not parsed.ok:
        return parsed.feedback() or "no usable code", None, None
    try:
        merged = base.with_actions(parsed.library) if base is not None and len(base) else parsed.library
    except LibraryError as exc:
        return str(exc), None, None
    error = sandbox_check(ctx, merged, parsed.test_code(), test_task, seed)
    return error, merged, parsed.library
