"""Test doubles for the learner tests (never used by the product): a tiny gripper world with the
Robotic Planning game's primitives and messages, and a scripted LLM that answers by prompt kind."""

from __future__ import annotations

from learnact_engine.envs.base import Primitive, TextEnv
from learnact_engine.llm.accounting import MeteredLLM
from learnact_engine.llm.types import LLM, Completion, Request, Usage

INVALID = "The action is not valid and therefore takes no effect. Please check valid actions."

GRIPPER_PRIMITIVES = [
    Primitive("move", ("r1", "r2"), "Move Robby from room r1 to room r2.", "move from {r1} to {r2}"),
    Primitive("pick", ("obj", "room", "gripper"), "Pick up ball obj in room with a free gripper.",
              "pick up {obj} at {room} with arm {gripper}"),
    Primitive("drop", ("obj", "room", "gripper"), "Drop ball obj carried by gripper in room.",
              "drop {obj} {room} {gripper}"),
]


class GripperEnv(TextEnv):
    """Robby carries ball1 from rooma to roomb. Tasks differ only by id (and type)."""

    domain = "robotic_planning"
    TASKS = {"train": ["gripper/t1", "gripper/t2", "gripper/t3"], "test": ["gripper/x1", "gripper/x2"]}

    def __init__(self, max_steps: int = 10_000, seed: int = 0, **_ignored):
        self.max_steps = max_steps
        self.state: dict = {}
        self.steps = 0

    def splits(self):
        return {name: len(tasks) for name, tasks in self.TASKS.items()}

    def tasks(self, split):
        return list(self.TASKS[split])

    def task_type(self, task_id):
        return task_id.split("/")[0]

    def reset(self, task_id):
        self.state = {"robby": "rooma", "ball1": "rooma", "left": None, "right": None}
        self.steps = 0
        return "ball1 is at roomb.", self._describe()

    def _describe(self):
        s = self.state
        where = s["ball1"] if s["ball1"] in ("rooma", "roomb") else f"carried by {s['ball1']}"
        return f"Robby is at {s['robby']}. ball1 is {'at ' + where if 'room' in where else where}."

    def step(self, command):
        self.steps += 1
        s = self.state
        words = command.split()
        ok = False
        if command.startswith("move from ") and len(words) == 5 and words[2] == s["robby"] and words[4] in ("rooma", "roomb"):
            s["robby"], ok = words[4], True
        elif command.startswith("pick up ") and len(words) == 8:
            obj, room, grip = words[2], words[4], words[7]
            if obj == "ball1" and s["ball1"] == room == s["robby"] and grip in ("left", "right") and s[grip] is None:
                s["ball1"], s[grip], ok = grip, obj, True
        elif command.startswith("drop ") and len(words) == 4:
            obj, room, grip = words[1], words[2], words[3]
            if grip in ("left", "right") and s[grip] == obj and room == s["robby"]:
                s["ball1"], s[grip], ok = room, None, True
        observation = self._describe() if ok else INVALID
        return observation, self.won, {}

    def primitives(self):
        return list(GRIPPER_PRIMITIVES)

    @property
    def won(self):
        return self.state.get("ball1") == "roomb"

    @property
    def progress(self):
        return 1.0 if self.won else 0.0

    def expert_plan(self, task_id):
        return ["pick up ball1 at rooma with arm left", "move from rooma to roomb", "drop ball1 roomb left"]


BROKEN_CREATION = '''```python
def carry_ball(ball, room1, room2, gripper):
    pick(ball, room1, gripper)
    move(room1, room2)
    drop(ball, room2, gripper)

carry_ball("ball1", "rooma", missing_room, "left")
```'''

BUGGY_CREATION = '''```python
def carry_ball(ball, room1, room2, gripper):
    pick(ball, room1, gripper)
    move(room1, room2)
    drop(ball, room2, "right")

carry_ball("ball1", "rooma", "roomb", "left")
```'''

FIXED_FUNCTION = '''```python
def carry_ball(ball, room1, room2, gripper):
    pick(ball, room1, gripper)
    move(room1, room2)
    drop(ball, room2, "left")
```'''

REVISION = (" carry_ball drops the ball from the right gripper although it picked it with the given one.\n"
            "Improve: Update: carry_ball\nContent:\n" + FIXED_FUNCTION
            + "\nTest case:\n```python\ncarry_ball(\"ball1\", \"rooma\", \"roomb\", \"left\")\n```")
UNCHANGED_REVISION = (" I cannot tell what went wrong.\nImprove: Update: carry_ball\nContent:\n"
                      + BUGGY_CREATION.split("\n\ncarry_ball(")[0] + "\n```")
PLAN_REVISION = (" carry_ball always drops from the right gripper.\nImprove: Plan: carry_ball\n"
                 'Content: Call carry_ball with gripper "right": it drops from the right arm whatever it is given.')
REFLECTION = ("I dropped the ball from the wrong arm, which is not valid.\n"
              "Plan: pick the ball, move, then drop it with the same arm that picked it.")

EXPERT_LINES = ['pick("ball1", "rooma", "left")', 'move("rooma", "roomb")', 'drop("ball1", "roomb", "left")']
GOAL_MARK = "You should perform actions to accomplish the goal:"
PLAN_MARK = "Your action should follow this high level plan:"
NOTES_MARK = "Here are the notes on the actions:"


class ScriptedLLM(LLM):
    """Answers each prompt kind by reading the prompt, as a careful model would, so a prompt that
    lacks what a stage needs gets a useless answer and a test fails:

    - agent: acts only when the instruction lists the primitives as calls and an example shows
      the format; drops from the wrong arm first unless a plan line says "same arm" (Reflexion)
      or an invalid drop taught it; ReAct thinks first only when the examples show Think lines;
      calls a learned `carry_ball` with the gripper a note asks for;
    - creation: a broken reply, then (after the repair message) a buggy one;
    - revision: the real fix only when the prompt names `carry_ball` and shows the primitive
      sub-trajectory with the bad drop; else an unchanged copy (or a Plan note, in "plan" mode);
    - reflection: the useful plan only when the failed trajectory shows the invalid drop;
    - program: a hierarchical program when the example defines helpers, else a flat one."""

    model = "scripted"

    def __init__(self, revision_mode: str = "update", cut_first_creation: bool = False,
                 program_mode: str = "normal"):
        self.calls: list[Request] = []
        self.kinds: list[str] = []
        self.revision_mode = revision_mode
        self.cut_first_creation = cut_first_creation
        self.program_mode = program_mode

    def complete_request(self, request: Request) -> Completion:
        self.calls.append(request)
        prompt = request.messages[-1][1]
        first_user = next(c for r, c in request.messages if r == "user")
        kind, text = self._answer(prompt, first_user, request)
        self.kinds.append(kind)
        finish = "stop"
        if kind == "creation" and self.cut_first_creation and self.kinds.count("creation") == 1:
            text, finish = BUGGY_CREATION[:40], "length"
        return Completion(text, Usage(len(prompt) // 4, len(text) // 4), self.model, cost_usd=0.0,
                          finish_reason=finish)

    def _answer(self, prompt: str, first_user: str, request: Request) -> tuple[str, str]:
        if "Now write your solution" in first_user:
            if "Failed to execute the code" in prompt or "cut off" in prompt:
                return "repair", BUGGY_CREATION
            return "creation", BROKEN_CREATION
        if prompt.rstrip().endswith("Instruction:"):
            return "description", "Carry a ball from room1 to room2 with a gripper."
        if "can now be called like actions" in prompt:
            if "def carry_ball" not in prompt:  # the source is what the example must call correctly
                return "usage", "I do not know these functions."
            return "usage", ' carry_ball("ball1", "rooma", "roomb", "left")\nObservation: Robby is at roomb.'
        if prompt.rstrip().endswith("Failed reason:"):
            return "revision", self._revision(prompt)
        if "Short prompt for future:" in prompt:
            past = prompt.rsplit("Past experience (unsuccessful):", 1)[-1]
            if 'drop("ball1", "roomb", "right")' in past and "not valid" in past:
                return "reflection", REFLECTION
            return "reflection", "Try again."
        if "Write the whole program" in prompt:
            return "program", self._program(prompt)
        return "agent", self._agent_step(prompt)

    def _revision(self, prompt: str) -> str:
        real = prompt.rsplit("Now the real failure.", 1)[-1]
        understood = "`carry_ball`" in prompt and "drop ball1 roomb right" in real
        if not understood:
            return UNCHANGED_REVISION
        return PLAN_REVISION if self.revision_mode == "plan" else REVISION

    def _program(self, prompt: str) -> str:
        if self.program_mode == "defines_only":
            return FIXED_FUNCTION
        example = prompt.split("Here is an example.", 1)[-1].rsplit("\nGoal:", 1)[0] if "Here is an example." in prompt else ""
        if "def " in example:
            return FIXED_FUNCTION.rstrip("`\n") + '\n\ncarry_ball("ball1", "rooma", "roomb", "left")\n```'
        return "```python\n" + "\n".join(EXPERT_LINES) + "\n```"

    @staticmethod
    def _agent_step(prompt: str) -> str:
        head, episode = prompt.rsplit(GOAL_MARK, 1)
        if not all(f"    {name}(" in head for name in ("move", "pick", "drop")):
            return "go and fetch the ball"  # no instruction: not even the action names
        if "Here are examples:" not in head:
            return "pick ball1 rooma left"  # no example: the call format is unknown
        react = not prompt.rstrip().endswith("Action:")
        lines = episode.splitlines()
        plan = next((ln for ln in lines if ln.startswith(PLAN_MARK)), "")
        if PLAN_MARK in episode:
            plan = episode.split(PLAN_MARK, 1)[1].split("\nObservation:", 1)[0]
        steps = []
        for index, line in enumerate(lines):
            if line.startswith("Action: ") and line.strip() != "Action:":
                following = lines[index + 1] if index + 1 < len(lines) else ""
                steps.append((line[len("Action: "):], following))
        if "    carry_ball(" in head:
            notes = head.split(NOTES_MARK, 1)[1].split("Here are examples:", 1)[0] if NOTES_MARK in head else ""
            arm = "right" if 'gripper "right"' in notes else "left"
            return f'carry_ball("ball1", "rooma", "roomb", "{arm}")'
        examples = head.split("Here are examples:", 1)[1]
        if react and "Think:" in examples and not any(ln.startswith("Think:") for ln in lines):
            return "Think: ball1 must go to roomb: pick it up, move there and drop it."
        done = [a for a, o in steps if "not valid" not in o]
        failed_drop = any(a.startswith("drop(") and "not valid" in o for a, o in steps)
        if not any(a.startswith("pick(") for a in done):
            return EXPERT_LINES[0]
        if not any(a.startswith("move(") for a in done):
            return EXPERT_LINES[1]
        if "same arm" in plan or failed_drop:
            return EXPERT_LINES[2]
        return 'drop("ball1", "roomb", "right")'


def scripted_llm(**options) -> MeteredLLM:
    return MeteredLLM(ScriptedLLM(**options))
