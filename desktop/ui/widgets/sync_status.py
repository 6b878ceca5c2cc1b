"""Background sync while the app is open, and its status-bar indicator.

``SyncController`` pushes on a worker thread (``desktop.ui.tasks``) every
``sync_interval_minutes``, and after a failure waits the backoff the sync client recorded
(2 s growing to 10 min). Network trouble is only ever shown in the indicator and on the
sync page — never as a pop-up. A revoked token shows "enrol again" and stops the timer.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from desktop.sync import client
from desktop.sync.client import SyncStatus
from desktop.sync.cycle import CycleReport, sync_once
from desktop.ui.context import AppContext
from desktop.ui.tasks import Progress

FIRST_PUSH_DELAY_MS = 15_000


class SyncController(QObject):
    """One per main window; the sync page and the indicator both listen to it."""

    status_changed = Signal(object)  # SyncStatus
    push_started = Signal()
    push_progress = Signal(int, int)
    push_finished = Signal(object)  # CycleReport (push, then pull) | BaseException

    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncController")
        self.ctx = ctx
        self.tasks = ctx.tasks
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.push_now)
        self.running = False
        self._progress: Progress | None = None
        self.last_status: SyncStatus | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def start(self, first_delay_ms: int = FIRST_PUSH_DELAY_MS) -> None:
        status = self.refresh()
        if status.enrolled and not status.needs_enrolment:
            self.timer.start(first_delay_ms)

    def refresh(self) -> SyncStatus:
        status = client.status(self.ctx.db)
        self.last_status = status
        self.status_changed.emit(status)
        return status

    def push_now(self) -> bool:
        """Start a push on the worker thread; False if one is already running."""
        if self.running:
            return False
        self.running = True
        self.timer.stop()
        self.push_started.emit()
        db = self.ctx.db

        def work(progress: Progress) -> CycleReport:
            return sync_once(
                db,
                progress=lambda done, total: progress(done, total),
                should_stop=lambda: progress.cancelled,
            )

        self._progress = self.tasks.run(
            work,
            on_done=self._finished,
            on_error=self._finished,
            on_progress=lambda done, total, _text: self.push_progress.emit(done, total),
            owner=self,
        )
        return True

    def _finished(self, result: object) -> None:
        self.running = False
        self._progress = None
        status = self.refresh()
        self._schedule(status)
        self.push_finished.emit(result)

    def _schedule(self, status: SyncStatus) -> None:
        if not status.enrolled or status.needs_enrolment:
            self.timer.stop()
            return
        interval = timedelta(minutes=self.ctx.settings.sync_interval_minutes)
        wait = interval
        if status.next_attempt_at is not None:  # backing off after a failure
            wait = min(
                interval, max(timedelta(seconds=2), status.next_attempt_at - datetime.now(UTC))
            )
        self.timer.start(int(wait.total_seconds() * 1000))

    def shutdown(self) -> None:
        self.timer.stop()
        if self._progress is not None:
            self._progress.cancel()
        self.tasks.wait(30_000)


class SyncIndicator(QLabel):
    """「同步：…」 in the status bar; a click opens the sync page."""

    def __init__(self, controller: SyncController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncIndicator")
        self.controller = controller
        self.setContentsMargins(8, 0, 8, 0)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        controller.status_changed.connect(self.show_status)
        controller.push_started.connect(lambda: self.setText(self.tr("Sync: sending…")))
        controller.push_progress.connect(self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.setText(
            self.tr("Sync: sending %1/%2").replace("%1", str(done)).replace("%2", str(total))
        )

    def show_status(self, st: SyncStatus) -> None:
        waiting = st.pending_ops + st.unacked_ops
        if not st.enrolled:
            text, colour = self.tr("Sync: not enrolled"), "#777777"
        elif st.needs_enrolment:
            text, colour = self.tr("Sync: enrol again"), "#b00020"
        elif st.restore in ("restoring", "blocked"):
            text, colour = self.tr("Sync: restore from the server needed"), "#b00020"
        elif st.last_error and st.next_attempt_at is not None:
            text = self.tr("Sync: offline, %1 waiting").replace("%1", str(waiting))
            colour = "#b26a00"
        elif waiting:
            text, colour = self.tr("Sync: %1 waiting").replace("%1", str(waiting)), "#1f5fa8"
        elif st.behind:
            text = self.tr("Sync: behind the street by %1 changes").replace("%1", str(st.behind_by))
            colour = "#b26a00"
        else:
            text, colour = self.tr("Sync: up to date"), "#2e7d32"
        if waiting and st.behind and st.restore not in ("restoring", "blocked"):
            text += " · " + self.tr("behind the street by %1 changes").replace(
                "%1", str(st.behind_by)
            )
        if st.open_issues:
            text += self.tr(" · %1 to review").replace("%1", str(st.open_issues))
        self.setText(text)
        self.setStyleSheet(f"color: {colour};")
        tip = [self.tr("Last success: %1").replace("%1", _local(st.last_success_at))]
        if st.last_error:
            tip.append(self.tr("Last error: %1").replace("%1", st.last_error))
        self.setToolTip("\n".join(tip))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        window = self.window()
        if hasattr(window, "open_page"):
            window.open_page("sync")
        super().mousePressEvent(event)


def _local(dt: object) -> str:
    from datetime import datetime

    if isinstance(dt, datetime):
        return dt.astimezone().strftime("%Y-%m-%d %H:%M")
    return "—"


def install(window: QMainWindow, ctx: AppContext) -> SyncController:
    """Give ``window`` its sync controller and status-bar indicator (once)."""
    existing = window.findChild(SyncController, "syncController")
    if isinstance(existing, SyncController):
        return existing
    controller = SyncController(ctx, window)
    indicator = SyncIndicator(controller)
    add = getattr(window, "add_status_widget", None)
    if add is not None:
        add(indicator)
    controller.start()
    return controller
