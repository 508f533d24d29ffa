"""Loading PDDL with the `pddl` library into the STRIPS model, leniently where pddlgym is."""

from __future__ import annotations

import pytest

from learnact_engine.envs.robotic_planning.pddl_model import (
    PddlError,
    domain_from_text,
    problem_from_text,
)
from learnact_engine.envs.robotic_planning.task_sets import GAMES, builtin_domain_text


def test_builtin_tyreworld_has_types_constants_and_static_predicates():
    domain = domain_from_text(builtin_domain_text("tyreworld"))
    assert domain.constants == {"wrench": "tool", "pump": "tool", "jack": "tool"}
    assert domain.is_subtype("tool", "obj") and not domain.is_subtype("hub", "obj")
    assert domain.static_predicates() == {"intact", "unlocked"}


def test_untyped_domain_without_requirements_and_late_constants_load():
    text = """(define (domain d) (:types thing)
      (:predicates (p ?x - thing)) (:constants c - thing)
      (:action a :parameters (?x - thing) :precondition (p ?x) :effect (not (p ?x))))"""
    domain = domain_from_text(text)
    assert domain.constants == {"c": "thing"}
    op = domain.operator("a")
    assert op.pre == (("p", "?x"),) and op.delete == (("p", "?x"),) and op.add == ()


def test_unsupported_constructs_are_refused_with_the_action_named():
    text = """(define (domain d) (:requirements :strips :disjunctive-preconditions)
      (:predicates (p) (q))
      (:action a :parameters () :precondition (or (p) (q)) :effect (p)))"""
    with pytest.raises(PddlError, match="action a precondition"):
        domain_from_text(text)


def test_problem_with_undeclared_object_is_refused():
    domain = domain_from_text(builtin_domain_text("blockworld"))
    text = "(define (problem x) (:domain blocksworld-4ops) (:objects b1) (:init (clear b9)) (:goal (and (clear b1))))"
    with pytest.raises(PddlError, match="undeclared object 'b9'"):
        problem_from_text(text, domain)


def test_garbage_is_a_pddl_error():
    with pytest.raises(PddlError):
        domain_from_text("hello")


@pytest.mark.shared_data
@pytest.mark.parametrize("game", GAMES)
def test_builtin_domains_match_agentboard_files(shared_data, game):
    shipped = (shared_data / "robotic_planning" / f"{game}.pddl").read_text()
    assert domain_from_text(builtin_domain_text(game)) == domain_from_text(shipped)
