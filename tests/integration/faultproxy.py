"""A fault-injecting TCP proxy for the sync tests (threads, stdlib only).

Every accepted connection is piped to the upstream server; with a seeded random generator
each connection may be given one fault: cut the request after a random number of bytes,
cut the answer after a random number of bytes (the server has committed, the client never
hears it), reset (RST) at a random point, or delay each chunk. ``stall`` holds the answer
back without closing (a silent connection); ``trickle`` forwards the answer a few bytes at a
time (slow but never silent).
"""

from __future__ import annotations

import contextlib
import random
import socket
import struct
import threading
import time
from dataclasses import dataclass, field

FAULTS = ("cut_request", "cut_response", "reset", "delay")


@dataclass
class Stats:
    connections: int = 0
    faults: dict[str, int] = field(default_factory=dict)


class FaultProxy:
    def __init__(
        self,
        upstream_port: int,
        *,
        fault_rate: float = 0.0,
        seed: int = 1,
        mode: str = "",
        max_delay: float = 0.05,
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.fault_rate = fault_rate
        self.mode = mode  # "" random faults; "stall"; "trickle"
        self.max_delay = max_delay
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.stats = Stats()
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = int(self.sock.getsockname()[1])
        self.closed = threading.Event()
        self.conns: list[socket.socket] = []
        self._done: dict[tuple[int, int], int] = {}
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self.closed.set()
        self.sock.close()
        with self.lock:
            for c in self.conns:
                with contextlib.suppress(OSError):
                    c.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    c.close()
        self.thread.join(5)

    def _plan(self, conn: _Conn) -> None:
        """A new request on the connection: draw its fault (one per request)."""
        with self.lock:
            conn.up_sent = conn.down_sent = 0
            if self.mode:
                conn.fault, conn.at = self.mode, 0
                return
            if self.rng.random() >= self.fault_rate:
                conn.fault, conn.at = "", 0
                return
            conn.fault = self.rng.choice(FAULTS)
            conn.at = self.rng.randint(1, 40_000)
            self.stats.faults[conn.fault] = self.stats.faults.get(conn.fault, 0) + 1

    def _accept(self) -> None:
        while not self.closed.is_set():
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream, timeout=10)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            with self.lock:
                self.stats.connections += 1
                self.conns += [client, server]
            conn = _Conn()
            for args in ((client, server, conn, True), (server, client, conn, False)):
                threading.Thread(target=self._pump, args=args, daemon=True).start()

    def _half_closed(self, src: socket.socket, dst: socket.socket) -> None:
        """Close both sockets once both directions have finished."""
        with self.lock:
            key = (min(src.fileno(), dst.fileno()), max(src.fileno(), dst.fileno()))
            done = self._done.get(key, 0) + 1
            self._done[key] = done
        if done >= 2:
            self._kill(src, dst, reset=False)

    def _kill(self, a: socket.socket, b: socket.socket, reset: bool) -> None:
        # shutdown() first: it wakes the other pump thread blocked in recv() on the same
        # socket (close() alone would not, and no FIN/RST would be sent until it returned).
        for s in (a, b):
            with contextlib.suppress(OSError):
                if reset:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                s.shutdown(socket.SHUT_RD if reset else socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                s.close()

    def _pump(self, src: socket.socket, dst: socket.socket, conn: _Conn, upstream: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    with contextlib.suppress(OSError):
                        dst.shutdown(socket.SHUT_WR)
                    self._half_closed(src, dst)
                    return
                if upstream and data[:8].split(b" ", 1)[0] in _METHODS:
                    self._plan(conn)
                fault = conn.fault
                if fault == "delay":
                    time.sleep(self.rng.random() * self.max_delay)
                if not upstream and fault == "stall":
                    self.closed.wait(3600)  # hold the answer back: a silent connection
                    return
                if not upstream and fault == "trickle":
                    for i in range(0, len(data), 64):
                        dst.sendall(data[i : i + 64])
                        time.sleep(0.1)
                    continue
                sent = conn.up_sent if upstream else conn.down_sent
                cut = (fault == "cut_request" and upstream) or (
                    fault in ("cut_response", "reset") and not upstream
                )
                if cut and sent + len(data) >= conn.at:
                    dst.sendall(data[: max(0, conn.at - sent)])
                    self._kill(src, dst, reset=fault == "reset")
                    return
                dst.sendall(data)
                if upstream:
                    conn.up_sent += len(data)
                else:
                    conn.down_sent += len(data)
        except OSError:
            self._kill(src, dst, reset=False)
        finally:
            if self.closed.is_set():
                self._kill(src, dst, reset=False)


_METHODS = {b"GET", b"POST", b"PUT", b"HEAD", b"DELETE"}


@dataclass
class _Conn:
    fault: str = ""
    at: int = 0
    up_sent: int = 0
    down_sent: int = 0
