"""Model replies are untrusted text: cleaned where every backend builds them, and a cassette
stores whatever a prompt holds (a lone surrogate included) without raising."""

from __future__ import annotations

import json

from learnact_engine.llm import Completion, Usage
from learnact_engine.llm.cassette import Cassette, request_key
from learnact_engine.llm.types import build_request


def test_completion_text_is_cleaned_once_at_the_boundary():
    completion = Completion(text="Action: goto(\"desk\ud800 1\")\U000e0041\u2028next\ufeff", usage=Usage(1, 1), model="m")
    assert completion.text == "Action: goto(\"desk\\ud800 1\")\nnext"
    completion.text.encode("utf-8")
    assert Completion(text=completion.text, usage=Usage(1, 1), model="m").text == completion.text


def test_cassette_records_and_replays_a_prompt_with_lone_surrogates(tmp_path):
    request = build_request([{"role": "user", "content": "observation with \ud800 inside"}])
    key = request_key(request)
    assert key == request_key(request) and len(key) == 64
    assert request_key(build_request("plain")) == request_key(build_request("plain"))
    cassette = Cassette(tmp_path)
    path = cassette.put("model-a", request, Completion(text="ok", usage=Usage(3, 1), model="model-a"))
    json.loads(path.read_text(encoding="utf-8"))
    entry = cassette.get("model-a", request)
    assert entry is not None and entry.completion.text == "ok"
