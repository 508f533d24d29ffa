"""Game-file parsing, grammar detection, task sets and observation rules (no engine needed)."""

from __future__ import annotations

import json

import pytest

from learnact_engine.envs.alfworld.gamefile import (
    GameFileError, canonical_task_type, detect_grammar, params_from_folder_name, read_game_data, task_params_for)
from learnact_engine.envs.alfworld.primitives import INVALID_ACTION_MESSAGE, agent_observation, primitives_for, split_intro
from learnact_engine.envs.alfworld.taskset import TaskSet

MOVE_TEMPLATES = 'action PutObject {\n    template :: "move {o} to {r}";\n}\naction help {\n    template :: "help";\n}'
PUT_TEMPLATES = 'action PutObject {\n    template :: "put {o} in/on {r}";\n}'


def test_params_from_folder_name():
    params = params_from_folder_name("pick_clean_then_place_in_recep-Mug-None-CoffeeMachine-10")
    assert (params.task_type, params.object_target, params.parent_target, params.mrecep_target) == (
        "pick_clean_then_place_in_recep", "Mug", "CoffeeMachine", "")
    look = params_from_folder_name("look_at_obj_in_light-AlarmClock-None-DeskLamp-308")
    assert (look.parent_target, look.toggle_target) == ("", "DeskLamp")
    with pytest.raises(GameFileError, match="naming"):
        params_from_folder_name("not-a-task")


def test_traj_data_takes_precedence(tmp_path):
    trial = tmp_path / "pick_and_place_simple-Mug-None-Desk-308" / "trial_1"
    trial.mkdir(parents=True)
    (trial / "traj_data.json").write_text(json.dumps({"task_type": "pick_heat_then_place_in_recep", "pddl_params": {
        "object_target": "Egg", "parent_target": "Fridge", "toggle_target": "", "mrecep_target": ""}}))
    assert task_params_for(trial / "game.tw-pddl").object_target == "Egg"


def test_short_and_full_type_names():
    assert canonical_task_type("puttwo") == "pick_two_obj_and_place"
    assert canonical_task_type("look_at_obj_in_light") == "look_at_obj_in_light"
    with pytest.raises(ValueError, match="unknown ALFWorld task type"):
        canonical_task_type("juggle")


def test_grammar_detection_and_put_primitive():
    move, put = detect_grammar(MOVE_TEMPLATES), detect_grammar(PUT_TEMPLATES)
    assert (move.name, move.has_help, put.name, put.has_help) == ("move", True, "put", False)
    by_name = {g.name: {p.name: p for p in primitives_for(g)} for g in (move, put)}
    assert by_name["move"]["put"].command(("mug 1", "desk 1")) == "move mug 1 to desk 1"
    assert by_name["put"]["put"].command(("mug 1", "desk 1")) == "put mug 1 in/on desk 1"
    assert by_name["move"]["goto"].command(("desk 1",)) == "go to desk 1"
    with pytest.raises(GameFileError, match="unrecognised"):
        detect_grammar('action X {\n template :: "jump";\n}')


def test_observation_rules():
    assert agent_observation("Nothing happens.") == INVALID_ACTION_MESSAGE
    assert agent_observation("You arrive at loc 12. On the desk 1, you see a pen 1.") == "On the desk 1, you see a pen 1."
    assert agent_observation("You arrive at desk 1. On the desk 1, you see nothing.").startswith("You arrive at desk 1.")
    intro = "-= Welcome to TextWorld, ALFRED! =-\n\nYou are in the middle of a room.\n\nYour task is to: put a mug in desk."
    assert split_intro(intro) == ("put a mug in desk.", "You are in the middle of a room.")
    with pytest.raises(ValueError):
        split_intro("no task here")


def _fake_game(root, split, folder, trial, solvable=True):
    path = root / split / folder / trial
    path.mkdir(parents=True)
    (path / "game.tw-pddl").write_text(json.dumps({"pddl_domain": "d", "grammar": "g", "pddl_problem": "p",
                                                   "solvable": solvable}))
    return path / "game.tw-pddl"


def test_taskset_layouts(tmp_path):
    root = tmp_path / "data" / "json_2.1.1"
    _fake_game(root, "valid_unseen", "pick_and_place_simple-Mug-None-Desk-308", "trial_a")
    _fake_game(root, "valid_unseen", "pick_and_place_simple-Mug-None-Desk-308", "trial_b", solvable=False)
    _fake_game(root, "valid_unseen", "pick_and_place_simple-Apple_Sliced-None-Desk-308", "trial_c")
    _fake_game(root, "train", "pick_two_obj_and_place-Pen-None-Desk-301", "trial_d")
    taskset = TaskSet.from_dir(tmp_path / "data")  # an $ALFWORLD_DATA-style root
    assert taskset.splits() == {"valid_unseen": 1, "train": 1}
    assert taskset.tasks("valid_unseen") == ["valid_unseen/pick_and_place_simple-Mug-None-Desk-308/trial_a"]
    assert taskset.params("train/pick_two_obj_and_place-Pen-None-Desk-301/trial_d").object_target == "Pen"
    single = TaskSet.from_dir(root / "train")  # one split folder
    assert single.splits() == {"train": 1}
    for bad in ("valid_unseen/../x/y", "nope/a/b", "valid_unseen/only-two"):
        with pytest.raises(KeyError):
            taskset.game_path(bad)
    with pytest.raises(KeyError, match="unknown ALFWorld split"):
        taskset.tasks("test")
    with pytest.raises(FileNotFoundError):
        TaskSet.from_dir(tmp_path / "missing")


def test_read_game_data_errors(tmp_path):
    bad = tmp_path / "game.tw-pddl"
    bad.write_text("{not json")
    with pytest.raises(GameFileError, match="not a readable"):
        read_game_data(bad)
    bad.write_text(json.dumps({"pddl_domain": "d"}))
    with pytest.raises(GameFileError, match="missing grammar, pddl_problem"):
        read_game_data(bad)
