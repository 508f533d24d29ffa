"""A learn driver on the ray executor that SIGKILLs itself after its Nth finished episode.

Usage: python driver_to_kill.py RAY_ADDRESS N learn ARGS... (the `learn` command's own arguments).
"""

from __future__ import annotations

import os
import signal
import sys


def main() -> None:
    import ray

    from learnact_engine.cli import build_parser
    from learnact_engine.commands.learn_cmd import build_options
    from learnact_engine.learners.run import execute_run

    address, kill_after, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    ray.init(address=address, log_to_driver=False, logging_level="ERROR")
    options = build_options(build_parser().parse_args(argv))
    finished = []

    def on_episode(record: dict) -> None:
        finished.append(record["key"])
        if len(finished) >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    options.on_episode = on_episode
    execute_run(options)


if __name__ == "__main__":
    main()
