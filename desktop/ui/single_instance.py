"""One running copy per data directory; a second copy brings the first one forward.

A :class:`QLockFile` in the data directory decides who runs (it notices a crashed copy's
stale lock by its process id); the running copy listens on a local socket named after the
data directory, and a second copy sends it "raise" before exiting. Two data directories
(the demo and the real one) are independent.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

LOCK_NAME = "yishi.lock"
RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"yishi-{digest}"


class SingleInstance(QObject):
    """``acquire()`` → True: this is the only copy (and it now listens); False: another copy
    runs and has been asked to come forward."""

    activated = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.name = server_name(data_dir)
        self.lock = QLockFile(str(data_dir / LOCK_NAME))
        self.lock.setStaleLockTime(0)  # only a dead process's lock is stale
        self.server: QLocalServer | None = None

    def acquire(self) -> bool:
        if not self.lock.tryLock(200):
            self._ask_running_copy()
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            QLocalServer.removeServer(self.name)  # left behind by a crashed copy (POSIX)
            if not server.listen(self.name):
                log.warning("single instance: cannot listen on %s", self.name)
        server.newConnection.connect(self._connection)
        self.server = server
        return True

    def release(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        self.lock.unlock()

    def _ask_running_copy(self) -> None:
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if socket.waitForConnected(1000):
            socket.write(RAISE)
            socket.flush()
            socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()
        else:
            log.warning("another copy holds %s but does not answer", self.lock.fileName())

    def _connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket.bytesAvailable() or socket.waitForReadyRead(1000):
                message = bytes(socket.readAll().data())
            else:
                message = b""
            socket.abort()
            socket.deleteLater()
            if message.startswith(RAISE.strip()):
                self.activated.emit()
