"""The worker protocol: length-prefixed JSON frames over pipes.

A frame is a 4-byte big-endian length followed by that many bytes of JSON (ASCII when written
here, any UTF-8 when read). JSON decodes only
to dicts, lists, strings, numbers, booleans and None, so nothing but plain data can cross. Readers
cap the frame size before reading the body; an oversize or malformed frame is a protocol violation.
This module is shared by the host and the worker and uses only the standard library.
"""

from __future__ import annotations

import json
import os
import struct

HEADER = struct.Struct(">I")
DEFAULT_MAX_FRAME = 4 * 1024 * 1024


class ProtocolError(Exception):
    """A malformed, oversize or truncated frame."""


class FrameTooLarge(ProtocolError):
    def __init__(self, size: int, limit: int):
        super().__init__(f"frame of {size} bytes exceeds the limit of {limit} bytes")
        self.size = size
        self.limit = limit


def encode(message: dict) -> bytes:
    # ASCII JSON: a lone surrogate in a string (legal in Python, not encodable as UTF-8) crosses
    # as a `\ud800` escape instead of raising UnicodeEncodeError in the sender.
    body = json.dumps(message, ensure_ascii=True, separators=(",", ":"), allow_nan=False).encode("utf-8")
    return HEADER.pack(len(body)) + body


def decode_body(body: bytes) -> dict:
    try:
        message = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ProtocolError(f"undecodable frame: {type(exc).__name__}") from None
    if type(message) is not dict or type(message.get("op")) is not str:
        raise ProtocolError("a frame must be a JSON object with a string 'op'")
    return message


def write_frame(fd: int, message: dict) -> None:
    data = memoryview(encode(message))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def read_exact(fd: int, size: int) -> bytes:
    chunks = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            raise EOFError("peer closed the pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int, max_frame: int = DEFAULT_MAX_FRAME) -> dict:
    """Blocking read of one frame (used by the worker, which has nothing else to do)."""
    (size,) = HEADER.unpack(read_exact(fd, HEADER.size))
    if size > max_frame:
        raise FrameTooLarge(size, max_frame)
    return decode_body(read_exact(fd, size))


class FrameBuffer:
    """Incremental frame parser for the host, which reads with deadlines and non-blocking I/O."""

    def __init__(self, max_frame: int = DEFAULT_MAX_FRAME):
        self.max_frame = max_frame
        self._buffer = bytearray()

    def feed(self, data: bytes) -> list[dict]:
        self._buffer += data
        frames = []
        while len(self._buffer) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._buffer)
            if size > self.max_frame:
                raise FrameTooLarge(size, self.max_frame)
            if len(self._buffer) < HEADER.size + size:
                break
            body = bytes(self._buffer[HEADER.size : HEADER.size + size])
            del self._buffer[: HEADER.size + size]
            frames.append(decode_body(body))
        return frames
