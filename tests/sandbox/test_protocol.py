"""Length-prefixed JSON frames: round trip, caps, malformed input."""

import os

import pytest

from learnact_engine.sandbox.protocol import FrameBuffer, FrameTooLarge, ProtocolError, encode, read_frame, write_frame


def test_round_trip_over_a_pipe():
    read_fd, write_fd = os.pipe()
    message = {"op": "call", "name": "f", "args": ["a", 1, None, True, 2.5], "kwargs": {}}
    write_frame(write_fd, message)
    assert read_frame(read_fd) == message
    os.close(read_fd)
    os.close(write_fd)


def test_incremental_parsing_byte_by_byte():
    data = encode({"op": "a"}) + encode({"op": "b", "x": [1]})
    buffer = FrameBuffer()
    frames = []
    for i in range(len(data)):
        frames += buffer.feed(data[i : i + 1])
    assert frames == [{"op": "a"}, {"op": "b", "x": [1]}]


def test_oversize_frame_is_refused_before_reading_the_body():
    buffer = FrameBuffer(max_frame=100)
    with pytest.raises(FrameTooLarge):
        buffer.feed((10_000).to_bytes(4, "big"))


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'{"no_op": 1}', b'{"op": 5}', b"\xff\xfe", b"[" * 100_000])
def test_malformed_frames(body):
    with pytest.raises(ProtocolError):
        FrameBuffer().feed(len(body).to_bytes(4, "big") + body)


def test_nan_cannot_be_sent():
    with pytest.raises(ValueError):
        encode({"op": "x", "v": float("nan")})
