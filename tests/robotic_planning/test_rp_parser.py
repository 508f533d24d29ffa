"""The reference command parser: first live operator token, then object tokens in order."""

from __future__ import annotations

from learnact_engine.envs.robotic_planning.command_parser import (
    ParsedCommand,
    parse_command,
    tokenize,
)

ARITIES = {"grasp": 2, "leave": 2, "fill-shot": 5, "jack-up": 1, "pick": 3}
OBJECTS = {"right", "left", "shot1", "shaker1", "ingredient1", "dispenser1", "the-hub1", "ball1",
           "rooma"}


def test_tokenize_keeps_hyphens_and_splits_punctuation():
    assert tokenize("jack-up the-hub1.") == ["jack-up", "the-hub1", "."]
    # nltk.word_tokenize keeps an opening straight apostrophe on its word (see test_rp_tokenizer)
    assert tokenize("grasp('right','shot1')") == [
        "grasp", "(", "'right", "'", ",", "'shot1", "'", ")"
    ]


def test_first_token_naming_a_live_operator_wins():
    live = {"grasp", "leave"}
    assert parse_command("Right grasp shot1.", live, ARITIES, OBJECTS) == ParsedCommand(
        "grasp", ("right", "shot1")
    )
    assert parse_command("leave then grasp right shot1", live, ARITIES, OBJECTS) == (
        ParsedCommand("leave", ("right", "shot1"))
    )


def test_operator_without_applicable_grounding_is_skipped():
    assert parse_command("leave right shot1", {"grasp"}, ARITIES, OBJECTS) is None
    assert parse_command("leave grasp right shot1", {"grasp"}, ARITIES, OBJECTS) == (
        ParsedCommand("grasp", ("right", "shot1"))
    )


def test_objects_truncate_to_arity_and_too_few_fail():
    assert parse_command("grasp right shot1 shaker1", {"grasp"}, ARITIES, OBJECTS) == (
        ParsedCommand("grasp", ("right", "shot1"))
    )
    assert parse_command("grasp shot1", {"grasp"}, ARITIES, OBJECTS) is None


def test_reference_phrasings_parse():
    assert parse_command(
        "fill-shot glass shot1 with ingredient1 with right and left holding dispenser1",
        {"fill-shot"}, ARITIES, OBJECTS,
    ) == ParsedCommand("fill-shot", ("shot1", "ingredient1", "right", "left", "dispenser1"))
    assert parse_command("Pick up ball1 at rooma with arm right", {"pick"}, ARITIES, OBJECTS) == (
        ParsedCommand("pick", ("ball1", "rooma", "right"))
    )
    assert parse_command("JACK-UP THE-HUB1", {"jack-up"}, ARITIES, OBJECTS) == ParsedCommand(
        "jack-up", ("the-hub1",)
    )
