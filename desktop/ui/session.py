"""Who sits at the keyboard: lock screen (锁屏), switch user (切换用户), sign out (注销).

Double entry needs two people at one computer, so the second person signs in over the first
without quitting. :class:`SessionController` owns the main window of the signed-in user:

* **Lock** (Ctrl+L, or after ``idle_lock_minutes`` without keyboard or mouse): a panel
  covers the whole window; the same user's password unlocks it (checked by
  ``accounts.sign_in``, so lock-out rules apply), or someone else may switch user from it.
* **Switch user**: the sign-in dialog over the window; on success the window is rebuilt for
  the new person (their role decides the pages and buttons).
* **Sign out**: the window closes and the sign-in dialog waits for the next person; Quit
  there ends the program.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.config import Paths
from desktop.db import Database
from desktop.errors import AppError
from desktop.services import accounts
from desktop.services import street as street_service
from desktop.services.permissions import Actor
from desktop.ui.context import AppContext
from desktop.ui.main_window import MainWindow

#: Events that count as somebody working at the computer.
ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}

#: Asks for a person and returns them signed in, or None (cancelled).
SignInPrompt = Callable[[QWidget | None, bool], Actor | None]


def sign_in_prompt(db: Database) -> SignInPrompt:
    def prompt(parent: QWidget | None, switching: bool) -> Actor | None:
        from desktop.ui.dialogs import run_modal
        from desktop.ui.dialogs.signin import SignInDialog

        with db.session() as s:
            info = street_service.current(s)
        dialog = SignInDialog(db, info.name if info else "", parent)
        if switching:
            dialog.setWindowTitle(dialog.tr("Switch user"))
        accepted = run_modal(dialog) == QDialog.DialogCode.Accepted
        return dialog.actor if accepted else None

    return prompt


class LockScreen(QWidget):
    """Covers the whole main window until the signed-in user's password is given."""

    def __init__(self, window: QWidget, session: SessionController) -> None:
        super().__init__(window)
        self.setObjectName("lockScreen")
        self.session = session
        # An opaque cover: nothing of the window underneath may show through.
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#eef2f7"))
        self.setPalette(palette)
        self.setAutoFillBackground(True)
        self.setStyleSheet(
            "#lockBox { background: #ffffff; border: 1px solid #d8dde6; border-radius: 8px; }"
        )
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMinimumWidth(240)
        self.password.returnPressed.connect(self.unlock)
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setStyleSheet("color: #b00020")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(40)  # the line is reserved: nothing jumps
        unlock = QPushButton(self.tr("Unlock"))
        unlock.setObjectName("unlock")
        unlock.clicked.connect(self.unlock)
        switch = QPushButton(self.tr("Switch user…"))
        switch.setObjectName("lockSwitchUser")
        switch.clicked.connect(session.switch_user)
        box = QWidget()
        box.setObjectName("lockBox")
        box.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        box.setFixedWidth(380)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(24, 20, 24, 20)
        inner.setSpacing(10)
        inner.addWidget(self.title)
        inner.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.message)
        inner.addWidget(unlock)
        inner.addWidget(switch)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        window.installEventFilter(self)
        self.hide()

    def show_for(self, actor: Actor) -> None:
        self.title.setText(
            "<h2>"
            + self.tr("Locked")
            + "</h2><p>"
            + self.tr("%1 is signed in. Enter the password to go on.").replace(
                "%1", actor.display_name
            )
            + "</p>"
        )
        self.message.clear()
        self.password.clear()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def unlock(self) -> None:
        self.session.unlock(self.password.text())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if watched is parent and event.type() == QEvent.Type.Resize and parent is not None:
            self.setGeometry(parent.rect())
        return False


class SessionController(QObject):
    """The signed-in person and their window; lock, switch user, sign out."""

    def __init__(
        self,
        db: Database,
        paths: Paths,
        *,
        demo: bool = False,
        prompt: SignInPrompt | None = None,
        show: Callable[[MainWindow], None] | None = None,
        quit_app: Callable[[], None] | None = None,
    ) -> None:
        app = QApplication.instance()
        super().__init__(app)
        self.setObjectName("sessionController")
        self.db, self.paths, self.demo = db, paths, demo
        self.prompt = prompt or sign_in_prompt(db)
        self._show = show or (lambda w: w.show())
        self._quit = quit_app or (lambda: QApplication.quit())
        self.window: MainWindow | None = None
        self.lock_screen: LockScreen | None = None
        self.idle_timer = QTimer(self)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.timeout.connect(self.lock)
        if app is not None:
            app.installEventFilter(self)

    # ---------------------------------------------------------------- the window
    @property
    def actor(self) -> Actor | None:
        return self.window.ctx.actor if self.window and self.window.ctx else None

    @property
    def locked(self) -> bool:
        self._forget_deleted()
        return self.lock_screen is not None and self.lock_screen.isVisible()

    def _forget_deleted(self) -> None:
        """The window may have been deleted behind our back (closed by Qt, a test ending)."""
        if self.window is not None and not shiboken6.isValid(self.window):
            self.window = None
        if self.lock_screen is not None and not shiboken6.isValid(self.lock_screen):
            self.lock_screen = None

    def dispose(self) -> None:
        """Stop watching the keyboard and mouse (the application-wide event filter)."""
        self.idle_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def adopt(self, window: MainWindow) -> None:
        """Take charge of ``window`` (already attached to its context)."""
        self.window = window
        self.lock_screen = LockScreen(window, self)
        which = id(window)
        window.destroyed.connect(lambda *_args: self._window_destroyed(which))
        self._add_account_menu(window)
        self.restart_idle_timer()

    def start(self, actor: Actor) -> MainWindow:
        window = MainWindow(AppContext(db=self.db, actor=actor, paths=self.paths, demo=self.demo))
        self.adopt(window)
        self._show(window)
        return window

    def _add_account_menu(self, window: MainWindow) -> None:
        button = QToolButton()
        button.setObjectName("accountMenu")
        button.setText(self.tr("Account"))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        lock = QAction(self.tr("Lock screen"), window)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        switch = QAction(self.tr("Switch user…"), window)
        switch.triggered.connect(self.switch_user)
        sign_out = QAction(self.tr("Sign out"), window)
        sign_out.triggered.connect(self.sign_out)
        for action in (lock, switch, sign_out):
            menu.addAction(action)
            window.addAction(action)  # the shortcut works anywhere in the window
        button.setMenu(menu)
        window.add_status_widget(button)

    def _close_window(self) -> None:
        old, self.window, self.lock_screen = self.window, None, None
        if old is not None:
            old.hide()
            old.close()
            old.deleteLater()

    # ---------------------------------------------------------------- lock
    def restart_idle_timer(self) -> None:
        self._forget_deleted()
        window = self.window
        if window is None or window.ctx is None:
            self.idle_timer.stop()
            return
        minutes = window.ctx.settings.idle_lock_minutes
        if minutes <= 0 or self.locked:
            self.idle_timer.stop()
        else:
            self.idle_timer.start(minutes * 60_000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY and self.window is not None and not self.locked:
            self.restart_idle_timer()
        return False

    def _window_destroyed(self, which: int) -> None:
        if not shiboken6.isValid(self):
            return  # this controller went first
        if self.window is not None and id(self.window) == which:  # not a replaced one
            self.window, self.lock_screen = None, None
            self.idle_timer.stop()

    def lock(self) -> None:
        actor = self.actor
        if self.lock_screen is None or actor is None:
            return
        self.idle_timer.stop()
        self._cover(True)
        self.lock_screen.show_for(actor)

    def unlock(self, password: str) -> bool:
        actor, screen = self.actor, self.lock_screen
        if actor is None or screen is None:
            return False
        try:
            again = accounts.sign_in(self.db, actor.username, password)
        except AppError as err:
            screen.message.setText(str(err))
            screen.password.clear()
            return False
        if again.user_id != actor.user_id:
            return False
        screen.hide()
        self._cover(False)
        self.restart_idle_timer()
        return True

    def _cover(self, locked: bool) -> None:
        """While locked, nothing under the panel takes focus or clicks."""
        window = self.window
        if window is None:
            return
        for part in (window.centralWidget(), window.statusBar()):
            if part is not None:
                part.setEnabled(not locked)

    # ---------------------------------------------------------------- other people
    def switch_user(self) -> bool:
        """The next person signs in over the window; it is rebuilt for them."""
        actor = self.prompt(self.window, True)
        if actor is None:
            return False
        if self.actor is not None and actor.user_id == self.actor.user_id:
            if self.lock_screen is not None:
                self.lock_screen.hide()
            self._cover(False)
            self.restart_idle_timer()
            return True
        old = self.window
        self.start(actor)  # the new window first, so the program never has none open
        if old is not None:
            old.hide()
            old.close()
            old.deleteLater()
        return True

    def sign_out(self) -> bool:
        """Close the window and wait for the next person; cancelling quits the program."""
        app = QApplication.instance()
        keep = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # no window while the dialog waits
        try:
            self._close_window()
            actor = self.prompt(None, False)
            if actor is None:
                self._quit()
                return False
            self.start(actor)
            return True
        finally:
            if isinstance(app, QApplication):
                app.setQuitOnLastWindowClosed(keep)

    def bring_forward(self) -> None:
        """A second copy was started: show whatever this one is waiting on."""
        target: QWidget | None = QApplication.activeModalWidget() or self.window
        if target is None:
            return
        if target.isMinimized():
            target.showNormal()
        target.show()
        target.raise_()
        target.activateWindow()
