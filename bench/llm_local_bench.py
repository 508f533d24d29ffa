"""Speed of the embedded local model, and what a grammar and a cassette change.

Run: .venv/bin/python bench/llm_local_bench.py [--threads 1] [--spec local]
Prints tokens/s for a cold agent-sized prompt, the next turn (shared prefix reused), free generation,
grammar-constrained generation (ratio against free generation measured in the same run) and a
cassette replay (ratio against the live call).
"""

from __future__ import annotations

import argparse
import tempfile
import time

from learnact_engine.llm import LLMOptions, call_grammar, make_llm

PREFIX = (
    "You are in the middle of a room. Looking quickly around you, you see "
    + ", ".join(f"a cabinet {i}" for i in range(1, 40))
    + ", a coffeemachine 1, a countertop 1, a sinkbasin 1 and a fridge 1.\n"
) * 4


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", default="local")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    llm = make_llm(args.spec, options=LLMOptions(threads=args.threads))

    def timed(messages, **kwargs):
        started = time.perf_counter()
        completion = llm.complete(messages, **kwargs)
        return completion, time.perf_counter() - started

    load_started = time.perf_counter()
    llm.inner.load()
    print(f"model load: {time.perf_counter() - load_started:.2f}s ({llm.describe()['model']})")

    turn1 = [{"role": "user", "content": PREFIX + "Your task is to: put a clean mug in coffeemachine."}]
    cold, cold_s = timed(turn1, max_tokens=1)
    print(f"cold prompt: {cold.usage.prompt_tokens} tokens in {cold_s:.2f}s = {cold.usage.prompt_tokens / cold_s:.0f} tok/s")
    turn2 = turn1 + [{"role": "assistant", "content": "go to cabinet 1"}, {"role": "user", "content": "Nothing happens."}]
    warm, warm_s = timed(turn2, max_tokens=1)
    print(f"next turn (prefix reused): {warm.usage.prompt_tokens} tokens in {warm_s:.2f}s; ratio cold/next = {cold_s / warm_s:.1f}x")

    ask = [{"role": "user", "content": "Write a long story about a robot cleaning a mug."}]
    llm.complete(ask, max_tokens=1)  # make the prompt cached so that both runs time generation only
    free, free_s = timed(ask, max_tokens=64)
    free_rate = free.usage.completion_tokens / free_s
    print(f"free generation: {free.usage.completion_tokens} tokens, {free_rate:.1f} tok/s")
    grammar = call_grammar(["clean_and_place", "go_to", "take"], string_values=["mug 1", "cabinet 1", "coffeemachine 1"])
    constrained, con_s = timed(ask, max_tokens=64, grammar=grammar)
    con_rate = constrained.usage.completion_tokens / con_s
    print(
        f"grammar generation: {constrained.usage.completion_tokens} tokens, {con_rate:.1f} tok/s; "
        f"per-token time vs free = {free_rate / con_rate:.2f}x ({constrained.text!r})"
    )

    with tempfile.TemporaryDirectory() as cache:
        recorder = make_llm(args.spec, cache_dir=cache, cache_mode="record", options=LLMOptions(threads=args.threads))
        live, live_s = (lambda t0: (recorder.complete(ask, max_tokens=32), time.perf_counter() - t0))(time.perf_counter())
        replayer = make_llm(f"replay:{cache}")
        started = time.perf_counter()
        replayed = replayer.complete(ask, max_tokens=32)
        replay_s = time.perf_counter() - started
        assert replayed.text == live.text
        print(f"cassette replay: {replay_s * 1000:.2f} ms vs live {live_s * 1000:.0f} ms = {live_s / replay_s:.0f}x faster")


if __name__ == "__main__":
    main()
