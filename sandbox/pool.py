"""A warm pool of pre-started workers: a fresh, isolated worker per session in microseconds.

Workers are started in a background thread (start-up, imports and confinement take tens of
milliseconds for a process, hundreds for a container). A worker is handed out once and never
returned: when its session ends it is killed.
"""

from __future__ import annotations

import queue
import threading
from typing import Callable, Generic, TypeVar

W = TypeVar("W")


class WarmPool(Generic[W]):
    def __init__(self, spawn: Callable[[], W], size: int, kill: Callable[[W], None], alive: Callable[[W], bool]):
        if size < 0:
            raise ValueError("pool size must be >= 0")
        self._spawn, self._kill, self._alive = spawn, kill, alive
        self.size = size
        self._ready: queue.Queue[W] = queue.Queue()
        self._wanted = threading.Event()
        self._closed = False
        self._lock = threading.Lock()
        self.spawn_errors: list[str] = []
        self._thread = threading.Thread(target=self._refill_loop, name="sandbox-pool", daemon=True)
        if size:
            self._wanted.set()
            self._thread.start()

    def _refill_loop(self) -> None:
        while not self._closed:
            self._wanted.wait()
            self._wanted.clear()
            while not self._closed and self._ready.qsize() < self.size:
                try:
                    worker = self._spawn()
                except Exception as exc:  # noqa: BLE001 - reported on acquire, retried later
                    self.spawn_errors.append(f"{type(exc).__name__}: {exc}")
                    break
                with self._lock:
                    if self._closed:
                        self._kill(worker)
                        return
                    self._ready.put(worker)

    def acquire(self) -> W:
        """A fresh worker: from the pool when one is ready, else started now."""
        if self._closed:
            raise RuntimeError("the sandbox pool is closed")
        worker = None
        while True:
            try:
                candidate = self._ready.get_nowait()
            except queue.Empty:
                break
            if self._alive(candidate):
                worker = candidate
                break
            self._kill(candidate)
        if self.size:
            self._wanted.set()
        return worker if worker is not None else self._spawn()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self._wanted.set()
        while True:
            try:
                self._kill(self._ready.get_nowait())
            except queue.Empty:
                break
        if self._thread.is_alive():
            self._thread.join(timeout=30)
        while True:  # a worker the thread finished starting after the first drain
            try:
                self._kill(self._ready.get_nowait())
            except queue.Empty:
                break
