"""Text environments (TextEnv contract, domains, task sets) and their gymnasium registration.

Importing this package registers `learnact/RoboticPlanning-v0` and `learnact/ALFWorld-v0` with
gymnasium by entry-point string, so no domain engine is imported until an env is made.
"""

from learnact_engine.envs.gym_adapter import register_envs as _register_envs

_register_envs()
