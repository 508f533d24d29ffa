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
def carry_ball(ball, room1, room2):
    pick(ball, room1, "left")
    move(room1, room2)
    drop(ball, room2, "left")

carry_ball("ball1", "rooma", missing_room)
```'''

BUGGY_CREATION = '''```python
def carry_ball(ball, room1, room2):
    pick(ball, room1, "left")
    move(room1, room2)
    drop(ball, room2, "right")

carry_ball("ball1", "rooma", "roomb")
```'''

REVISION = ''' carry_ball drops the ball with the wrong gripper.
Improve: Update: carry_ball
Content:
```python
def carry_ball(ball, room1, room2):
    pick(ball, room1, "left")
    move(room1, room2)
    drop(ball, room2, "left")
```'''

EXPERT_LINES = ['pick("ball1", "rooma", "left")', 'move("rooma", "roomb")', 'drop("ball1", "roomb", "left")']


class ScriptedLLM(LLM):
    """Answers each prompt kind with a fixed script: creation (first broken, then buggy),
    description, usage, revision, reflection, program, and agent steps."""

    model = "scripted"

    def __init__(self):
        self.calls: list[Request] = []
        self.kinds: list[str] = []

    def complete_request(self, request: Request) -> Completion:
        self.calls.append(request)
        prompt = request.messages[-1][1]
        first_user = next(c for r, c in request.messages if r == "user")
        kind, text = self._answer(prompt, first_user, request)
        self.kinds.append(kind)
        return Completion(text, Usage(len(prompt) // 4, len(text) // 4), self.model, cost_usd=0.0)

    def _answer(self, prompt: str, first_user: str, request: Request) -> tuple[str, str]:
        if "Now write your solution" in first_user:
            if "Failed to execute the code" in prompt:
                return "repair", BUGGY_CREATION
            return "creation", BROKEN_CREATION
        if prompt.rstrip().endswith("Instruction:"):
            return "description", "Carry a ball from room1 to room2."
        if "Complete the task using these functions" in prompt:
            return "usage", ' carry_ball("ball1", "rooma", "roomb")\nObservation: Robby is at roomb.'
        if prompt.rstrip().endswith("Failed reason:"):
            return "revision", REVISION
        if "Short prompt for future:" in prompt:
            return "reflection", "Pick the ball, move, then drop it with the same arm."
        if "Write the whole program" in prompt:
            return "program", "```python\n" + "\n".join(EXPERT_LINES) + "\n```"
        return "agent", self._agent_step(prompt)

    @staticmethod
    def _agent_step(prompt: str) -> str:
        episode = prompt.rsplit("You should perform actions to accomplish the goal:", 1)[1]
        done = [ln for ln in episode.splitlines() if ln.startswith(("Action:", "Think:")) and ln.strip() != "Action:"]
        react = not prompt.rstrip().endswith("Action:")
        if "    carry_ball(" in prompt:
            return 'carry_ball("ball1", "rooma", "roomb")'
        if react and not done:
            return "Think: pick, move, drop."
        actions = [ln for ln in done if ln.startswith("Action:")]
        return EXPERT_LINES[min(len(actions), 2)] if react else EXPERT_LINES[min(len(actions), 2)]


def scripted_llm() -> MeteredLLM:
    return MeteredLLM(ScriptedLLM())
