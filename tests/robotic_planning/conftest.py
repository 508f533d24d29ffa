"""Fixtures: a tiny data directory written from the built-in domains (no shared data needed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from learnact_engine.envs.robotic_planning.task_sets import builtin_domain_text

BLOCKS_PROBLEM = """(define (problem tiny) (:domain blocksworld-4ops)
 (:objects b1 b2 b3)
 (:init (arm-empty) (on-table b1) (on b2 b1) (clear b2) (on-table b3) (clear b3))
 (:goal (and (on b1 b3) (on b2 b1))))"""

GRIPPER_PROBLEM = """(define (problem tiny) (:domain gripper-strips)
 (:objects rooma roomb ball1 left right)
 (:init (room rooma) (room roomb) (ball ball1) (at-robby rooma) (free left) (free right)
        (at ball1 rooma) (gripper left) (gripper right))
 (:goal (and (at ball1 roomb))))"""


@pytest.fixture
def tiny_data(tmp_path: Path) -> Path:
    for game, problem in (("blockworld", BLOCKS_PROBLEM), ("gripper", GRIPPER_PROBLEM)):
        (tmp_path / f"{game}.pddl").write_text(builtin_domain_text(game))
        (tmp_path / game).mkdir()
        (tmp_path / game / "tiny.pddl").write_text(problem)
    return tmp_path
