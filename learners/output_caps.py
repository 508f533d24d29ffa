"""How many tokens each stage may write, and what a reply cut off by that cap means.

The reference sends every call with no output cap. API backends here get a generous per-stage
default (or the user's `--max-output-tokens`, one value for every stage); only a local
grammar-enforcing model keeps the small caps its grammar and context need (Settings.action_tokens,
Settings.code_tokens, and the short stage caps below). A reply whose `finish_reason` is "length"
was cut off by the cap: the repair loop says so (it is not a syntax error) and the run counts it.
"""

from __future__ import annotations

from learnact_engine.learners.context import RunContext

STAGES = ("agent", "creation", "description", "usage", "revision", "reflection", "program")
# Generous defaults for API backends: room for prose, several functions and long barman programs.
API_DEFAULTS = {"agent": 1024, "creation": 4096, "description": 1024, "usage": 2048, "revision": 4096,
                "reflection": 1024, "program": 4096}
# A local model's grammar-bound caps (what fits a small model's context and its grammar).
LOCAL_DEFAULTS = {"description": 80, "usage": 160, "reflection": 100}
LEARNER_STAGES = frozenset({"creation", "description", "usage", "revision", "reflection"})

CUT_OFF = ("your reply was cut off: it reached the limit of {cap} output tokens before it ended. "
           "Please answer again, shorter, and regenerate the whole response.")


def is_local(ctx: RunContext, stage: str) -> bool:
    return ctx.local_learner if stage in LEARNER_STAGES else ctx.local_agent


def output_cap(ctx: RunContext, stage: str) -> int:
    """The max_tokens a stage's call is sent with."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    settings = ctx.settings
    if is_local(ctx, stage):
        if stage == "agent":
            return settings.action_tokens
        if stage in ("creation", "revision", "program"):
            return settings.code_tokens
        return LOCAL_DEFAULTS[stage]
    return settings.max_output_tokens or API_DEFAULTS[stage]


def was_cut_off(ctx: RunContext, stage: str, completion) -> bool:
    """True (and counted) when the completion ended because of its length."""
    if getattr(completion, "finish_reason", None) == "length":
        ctx.count_truncated(stage)
        return True
    return False


def cut_off_message(cap: int) -> str:
    return CUT_OFF.format(cap=cap)
