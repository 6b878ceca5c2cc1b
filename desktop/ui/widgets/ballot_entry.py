"""The keyboard-first ballot entry screen.

Scan the ballot's QR (a USB scanner types it, then Enter) or type its serial and Enter; the
code is checked at once (unknown poll, forged code, serial already entered, test ballot in a
real poll are flagged in red and the field is ready for the next scan). Then mark by keys and
press Enter. Every non-abstain mark costs one key; at most one more key switches for/against,
so a ballot costs at most (non-abstain marks + 2) keys after the scan.

Key scheme (shown on screen next to each option):

* Up to 10 options — the keyboard's rows are the marks, its columns the options:
  ``1 … 0`` = 赞成 for options 1–10, ``Q … P`` = 反对; for a rating, row 1 is the first level
  (满意), ``Q`` row the second, ``A`` row the third, ``Z`` row the fourth.
* 11–40 options — the rows are tens: ``1 … 0`` options 1–10, ``Q … P`` 11–20,
  ``A … ;`` 21–30, ``Z … /`` 31–40; a key marks 赞成, or 反对 after ``-`` (``=`` back to 赞成).

Pressing an option's key again with the same mark clears it (abstain). Backspace undoes the
last key, Esc drops the ballot, Ctrl+D declares it void (with a reason), F8 withdraws the
last ballot entered.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.services import polls
from desktop.services.polls import PollView, ballots
from desktop.ui.context import AppContext

KEY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl;", "zxcvbnm,./")
MARK_WORDS = {"for": "赞成", "against": "反对", "abstain": "弃权"}
MARK_COLOURS = {"for": "#1b7a1b", "against": "#b00020"}


class KeyScheme:
    """Which key marks what, for one poll."""

    def __init__(self, poll: PollView) -> None:
        self.kind = poll.kind
        self.count = len(poll.options)
        self.grid = self.count <= 10
        if poll.kind == "rating":
            self.marks: tuple[str, ...] = poll.levels
        else:
            self.marks = ("for", "against")
        self.keys: dict[str, tuple[int, str | None]] = {}  # key → (option no, mark or None=mode)
        if self.grid:
            for row, mark in enumerate(self.marks[: len(KEY_ROWS)]):
                for col in range(self.count):
                    self.keys[KEY_ROWS[row][col]] = (col + 1, mark)
        else:
            for no in range(1, self.count + 1):
                row, col = divmod(no - 1, 10)
                self.keys[KEY_ROWS[row][col]] = (no, None)

    def key_label(self, no: int) -> str:
        """What the screen shows next to option ``no``."""
        if self.grid:
            col = no - 1
            return " ".join(
                KEY_ROWS[row][col].upper() for row in range(len(self.marks[: len(KEY_ROWS)]))
            )
        row, col = divmod(no - 1, 10)
        return KEY_ROWS[row][col].upper()

    def help_text(self) -> str:
        if self.grid and self.kind == "rating":
            rows = "；".join(f"第{i + 1}排键={level}" for i, level in enumerate(self.marks[:4]))
            return f"按键录入：{rows}（1…0 为第1排，Q…P 第2排，A…; 第3排，Z…/ 第4排）。"
        if self.grid:
            return "按键录入：数字键 1…0 = 赞成，Q…P = 反对（同一列对应同一项）；再按一次取消。"
        return "按键录入：1…0 为1–10项，Q…P 为11–20项，A…; 为21–30项，Z…/ 为31–40项；按“-”后为反对，按“=”回到赞成。"


class SerialEdit(QLineEdit):
    """The serial field: its Enter stays here (QLineEdit would pass it on to the entry
    screen, which would take it as "save the ballot")."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()


class BallotEntry(QWidget):
    """Entry of one poll's ballots in one pass. Emits ``entered`` after each commit."""

    entered = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.poll: PollView | None = None
        self.scheme: KeyScheme | None = None
        self.entry_pass = 1
        self.scanned: ballots.ScannedBallot | None = None
        self.scanned_text = ""
        self.marks: dict[int, str] = {}
        self.history: list[dict[int, str]] = []
        self.mode = "for"
        #: Asks for a void reason; replaced in tests. Returns None when cancelled.
        self.void_reason_prompt: Callable[[], str | None] = self._ask_void_reason
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.title = QLabel()
        self.title.setObjectName("entry_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.counter = QLabel()
        self.counter.setObjectName("entry_counter")
        self.serial_edit = SerialEdit()
        self.serial_edit.setObjectName("serial_input")
        self.serial_edit.setPlaceholderText(
            self.tr("Scan the ballot's QR code or type its serial, then Enter")
        )
        self.serial_edit.returnPressed.connect(self.scan)
        self.flag = QLabel()
        self.flag.setObjectName("entry_flag")
        self.flag.setWordWrap(True)
        self.flag.setTextFormat(Qt.TextFormat.PlainText)
        self.state = QLabel()
        self.state.setObjectName("entry_state")
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.help.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("entry_marks")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Key"), self.tr("No."), self.tr("Option"), self.tr("Mark")]
        )
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.recent = QListWidget()
        self.recent.setObjectName("entry_recent")
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent.setMaximumWidth(300)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.counter)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.serial_edit)
        left.addWidget(self.flag)
        left.addWidget(self.state)
        left.addWidget(self.table, 1)
        left.addWidget(self.help)
        right = QVBoxLayout()
        right.addWidget(QLabel(self.tr("Entered last (F8 withdraws the last one)")))
        right.addWidget(self.recent, 1)
        body.addLayout(left, 1)
        body.addLayout(right)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self._show_state()

    # ------------------------------------------------------------ poll

    def set_poll(self, poll_id: str | None, entry_pass: int = 1) -> None:
        self.entry_pass = entry_pass
        if poll_id is None:
            self.poll = self.scheme = None
        else:
            with self.ctx.db.session() as s:
                self.poll = polls.get_poll(s, poll_id)
            self.scheme = KeyScheme(self.poll)
        self._reset_ballot()
        self._fill_table()
        self._refresh_counts()
        self.help.setText(
            self.scheme.help_text()
            + " "
            + self.tr(
                "Enter saves; Backspace undoes a key; Esc drops the ballot; Ctrl+D declares it void."
            )
            if self.scheme
            else ""
        )
        self.serial_edit.setEnabled(self.poll is not None)
        self.serial_edit.setFocus()

    def _fill_table(self) -> None:
        options = self.poll.options if self.poll else ()
        self.table.setRowCount(len(options))
        for row, option in enumerate(options):
            assert self.scheme is not None
            for col, text in enumerate(
                (self.scheme.key_label(option.no), str(option.no), option.title, "")
            ):
                item = QTableWidgetItem(text)
                if col != 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(3, 110)

    def _refresh_counts(self) -> None:
        if self.poll is None:
            self.title.setText(self.tr("Choose a poll"))
            self.counter.setText("")
            self.recent.clear()
            return
        with self.ctx.db.session() as s:
            recent = ballots.recent(s, self.poll.id, entry_pass=self.entry_pass)
            entered = (
                len(polls.records(s, self.poll.id, is_test=self.poll.status == "draft"))
                if self.entry_pass == 1
                else None
            )
        pass_text = (
            self.tr("pass %1").replace("%1", str(self.entry_pass)) if self.poll.double_entry else ""
        )
        test = self.tr("test deck (样票)") if self.poll.status == "draft" else ""
        self.title.setText(" · ".join(t for t in (self.poll.title, pass_text, test) if t))
        count = entered if entered is not None else len(recent)
        self.counter.setText(self.tr("Entered: %1").replace("%1", str(count)))
        self.recent.clear()
        for ballot in recent[:30]:
            label = f"T{ballot.serial}" if ballot.is_test else f"{ballot.serial:04d}"
            if ballot.void:
                text = f"{label}  废票（{ballot.void_reason}）"
            else:
                text = f"{label}  " + polls.marks_by_word(ballot.marks)
            item = QListWidgetItem(text)
            titles = {o.no: o.title for o in self.poll.options}
            item.setToolTip(polls.marks_by_word(ballot.marks, titles))
            self.recent.addItem(item)

    # ------------------------------------------------------------ states

    def _reset_ballot(self) -> None:
        self.scanned = None
        self.scanned_text = ""
        self.marks = {}
        self.history = []
        self.mode = "for"
        self.serial_edit.setReadOnly(False)
        self.serial_edit.clear()
        self._show_marks()
        self._show_state()

    def _show_state(self) -> None:
        if self.scanned is None:
            self.state.setText(self.tr("Waiting for a ballot"))
            return
        parts = [self.tr("Ballot %1: marking").replace("%1", self.scanned.label)]
        if self.scheme and not self.scheme.grid:
            parts.append(self.tr("keys mark %1").replace("%1", MARK_WORDS[self.mode]))
        if self.poll and self.poll.kind == "selection":
            n_for = list(self.marks.values()).count("for")
            parts.append(
                self.tr("for: %1 of at most %2")
                .replace("%1", str(n_for))
                .replace("%2", str(self.poll.quota))
            )
            if n_for > (self.poll.quota or 0):
                parts.append(self.tr("more than the quota: this ballot will count as void"))
        self.state.setText(" · ".join(parts))

    def _show_marks(self) -> None:
        if self.poll is None:
            return
        for row, option in enumerate(self.poll.options):
            mark = self.marks.get(option.no)
            item = self.table.item(row, 3)
            if item is None:
                continue
            item.setText(MARK_WORDS.get(mark, mark) if mark else "")
            item.setForeground(QColor(MARK_COLOURS.get(mark or "", "#1f3a93")))

    def _show_flag(self, text: str) -> None:
        self.flag.setStyleSheet("color: #b00020; font-weight: bold;")
        self.flag.setText(text)

    def _show_ok(self, text: str) -> None:
        self.flag.setStyleSheet("color: #1b7a1b;")
        self.flag.setText(text)

    # ------------------------------------------------------------ actions

    def scan(self) -> None:
        """The serial field's Enter: check the scanned or typed code."""
        if self.poll is None or self.scanned is not None:
            return
        text = self.serial_edit.text().strip()
        if not text:
            return
        try:
            with self.ctx.db.session() as s:
                self.scanned = ballots.check_serial(
                    s, self.poll.id, text, entry_pass=self.entry_pass, actor=self.ctx.actor
                )
        except AppError as err:
            self._show_flag(str(err))
            self.serial_edit.selectAll()  # the next scan replaces the text
            return
        self.scanned_text = text
        self.serial_edit.setReadOnly(True)
        self.flag.setText("")
        self.setFocus()
        self._show_state()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # F8 and Ctrl+D reach here from the serial field too (it ignores them).
        if event.key() == Qt.Key.Key_F8:
            self.undo_last()
            return
        if event.key() == Qt.Key.Key_D and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.declare_void()
            return
        if self.scanned is None or self.scheme is None:
            super().keyPressEvent(event)
            return
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commit()
            return
        if key == Qt.Key.Key_Escape:
            self._reset_ballot()
            self.serial_edit.setFocus()
            return
        if key == Qt.Key.Key_Backspace:
            if self.history:
                self.marks = self.history.pop()
                self._show_marks()
                self._show_state()
            return
        text = event.text().lower()
        if not self.scheme.grid and text in ("-", "="):
            self.mode = "against" if text == "-" else "for"
            self._show_state()
            return
        if text in self.scheme.keys:
            no, mark = self.scheme.keys[text]
            mark = mark or self.mode
            self.history.append(dict(self.marks))
            if self.marks.get(no) == mark:
                del self.marks[no]
            else:
                self.marks[no] = mark
            self._show_marks()
            self._show_state()
            return
        super().keyPressEvent(event)

    def commit(self, *, void: bool = False, void_reason: str = "") -> bool:
        if self.poll is None or self.scanned is None:
            return False
        try:
            with ballots.entry_transaction(self.ctx.db) as s:
                entered = ballots.enter_ballot(
                    s,
                    self.ctx.actor,
                    self.poll.id,
                    self.scanned_text,
                    self.marks,
                    void=void,
                    void_reason=void_reason,
                    entry_pass=self.entry_pass,
                )
        except AppError as err:
            self._show_flag(str(err))
            return False
        label = f"T{entered.serial}" if entered.is_test else f"{entered.serial:04d}"
        self._show_ok(self.tr("Ballot %1 saved").replace("%1", label))
        self._reset_ballot()
        self._refresh_counts()
        self.serial_edit.setFocus()
        self.entered.emit()
        return True

    def declare_void(self) -> None:
        if self.scanned is None:
            return
        reason = self.void_reason_prompt()
        if reason is None:
            self.setFocus()
            return
        self.commit(void=True, void_reason=reason)

    def _ask_void_reason(self) -> str | None:
        reasons = [gettext(r) for r in ballots.VOID_REASONS]
        reason, ok = QInputDialog.getItem(
            self, self.tr("Void ballot"), self.tr("Why is this ballot void?"), reasons, 0, True
        )
        return reason.strip() if ok and reason.strip() else None

    def undo_last(self) -> None:
        if self.poll is None:
            return
        try:
            with self.ctx.db.transaction() as s:
                undone = ballots.undo_last(
                    s, self.ctx.actor, self.poll.id, entry_pass=self.entry_pass
                )
        except AppError as err:
            self._show_flag(str(err))
            return
        if undone is None:
            self._show_flag(self.tr("Nothing to withdraw"))
        else:
            label = f"T{undone.serial}" if undone.is_test else f"{undone.serial:04d}"
            self._show_ok(self.tr("Ballot %1 withdrawn; enter it again").replace("%1", label))
        self._reset_ballot()
        self._refresh_counts()
        self.serial_edit.setFocus()
        self.entered.emit()
