"""The reference's score of a candidate action set over its training trajectories (spec §1.5).

Every agent step with an action counts toward `total_step` (over all trajectories together); a
step is a learned call when it called a learned action; the call succeeded when its observation
does not contain "not valid".

    step_correction = successful learned calls / learned calls
    call_ratio      = successful learned calls / total_step
    success         = mean task success
    Robotic Planning ("full"): step_correction + call_ratio + success
    ALFWorld ("call_ratio_success"): call_ratio + success
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Sequence

from learnact_engine.executor import is_failure

SCORE_TYPES = ("full", "call_ratio_success")


@dataclass(frozen=True)
class Score:
    total_steps: int
    learned_calls: int
    learned_ok: int
    success: float
    step_correction: float
    call_ratio: float
    value: float

    def to_dict(self) -> dict:
        return asdict(self)


def score_records(records: Sequence[dict], score_type: str) -> Score:
    if score_type not in SCORE_TYPES:
        raise ValueError(f"unknown score type {score_type!r}; choose one of {SCORE_TYPES}")
    total = learned = learned_ok = 0
    for record in records:
        for step in record.get("trajectory", []):
            if step.get("kind") == "think":
                continue
            total += 1
            if step.get("kind") == "learned":
                learned += 1
                learned_ok += 0 if is_failure(step.get("observation", "")) else 1
    success = sum(1.0 for r in records if r.get("success")) / len(records) if records else 0.0
    step_correction = learned_ok / learned if learned else 0.0
    call_ratio = learned_ok / total if total else 0.0
    value = call_ratio + success + (step_correction if score_type == "full" else 0.0)
    return Score(total, learned, learned_ok, success, step_correction, call_ratio, value)


def select_best(scores: Sequence[Score]) -> int:
    """Argmax of the score; ties go to the lowest index (index 0 is the previous best)."""
    if not scores:
        raise ValueError("no candidate to select from")
    best = 0
    for index, score in enumerate(scores):
        if score.value > scores[best].value:
            best = index
    return best
