"""Detail forms of the roster (representative, deputy, contact, station) and the small
retire / changeover dialogs. Every form validates as you type: each field shows its problem
beside it, and Save stays disabled until the service's own check passes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import AppError
from desktop.i18n import gettext
from desktop.services import roster, validators
from desktop.services.roster import deputies as rd
from desktop.services.roster.common import (
    CONTACT_KIND_LABELS,
    ELECTION_LABELS,
    FREQUENCY_LABELS,
    GENDER_LABELS,
    LEVEL_LABELS,
    SECTOR_LABELS,
    STATION_KIND_LABELS,
)
from desktop.ui.actions import run_action
from desktop.ui.context import AppContext
from desktop.ui.dialogs.pairing_dialog import pairs_text_for_deputy, pairs_text_for_representative
from desktop.ui.screen_fit import fit_to_screen
from desktop.ui.widgets.fit import reserve_line

ERROR_STYLE = "color: #c62828;"
BAD_FIELD = "border: 1px solid #c62828;"


def combo(options: dict[str, str], blank: str | None = None) -> QComboBox:
    box = QComboBox()
    if blank is not None:
        box.addItem(blank, "")
    for code, label in options.items():
        box.addItem(label, code)
    return box


def set_combo(box: QComboBox, value: str | None) -> None:
    index = box.findData(value or "")
    box.setCurrentIndex(max(index, 0))


def date_text(value: date | None) -> str:
    return value.isoformat() if value else ""


class FormDialog(QDialog):
    """A form of labelled fields with a problem label each; subclasses build ``form()``
    (the service's form dataclass) and ``problems()`` (field → message)."""

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self.layout_ = QFormLayout()
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.date_fields: set[str] = set()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.summary = QLabel()
        self.summary.setStyleSheet(ERROR_STYLE)
        self.summary.setWordWrap(True)
        outer = QVBoxLayout(self)
        outer.addLayout(self.layout_)
        outer.addWidget(self.summary)
        outer.addWidget(self.buttons)
        self.saved: Any = None

    # ---- building
    def add(self, key: str, label: str, widget: QWidget, *, is_date: bool = False) -> QWidget:
        self.fields[key] = widget
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        reserve_line(error)  # its room is kept: a message appearing moves nothing below
        error.setVisible(False)
        self.errors[key] = error
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(error)
        self.layout_.addRow(label, holder)
        if is_date:
            self.date_fields.add(key)
            if isinstance(widget, QLineEdit):
                widget.setPlaceholderText("2024-03-05")
        if isinstance(widget, QLineEdit):
            widget.textChanged.connect(self.revalidate)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.revalidate)
        elif isinstance(widget, QCheckBox):
            widget.toggled.connect(self.revalidate)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.revalidate)
        return widget

    def text(self, key: str) -> str:
        widget = self.fields[key]
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def code(self, key: str) -> str:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        return str(widget.currentData() or "")

    def date_value(self, key: str) -> date | None:
        try:
            return validators.parse_date(self.text(key))
        except ValueError:
            return None

    # ---- validation (each form defines ``problems`` and ``commit``)
    problems: Callable[[], dict[str, str]]
    commit: Callable[[Any], Any]

    def date_problems(self) -> dict[str, str]:
        out = {}
        for key in self.date_fields:
            problem = validators.date_problem(self.text(key))
            if problem:
                out[key] = gettext(problem).format(value=self.text(key))
        return out

    def revalidate(self) -> dict[str, str]:
        problems = {**self.problems(), **self.date_problems()}
        for key, label in self.errors.items():
            message = problems.get(key, "")
            label.setText(message)
            label.setToolTip(message)
            label.setVisible(bool(message))
            self.fields[key].setStyleSheet(
                BAD_FIELD if message and isinstance(self.fields[key], QLineEdit) else ""
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)
        return problems

    def save(self) -> None:
        if self.revalidate():
            return
        saved = run_action(self, self.ctx.db, self.commit, failure=self._refused)
        if saved is None:
            return
        self.saved = saved
        self.accept()

    def _refused(self, err: AppError) -> None:
        field = getattr(err, "field", None)
        if field in self.errors:
            self.errors[field].setText(str(err))
            self.errors[field].setVisible(True)
        self.summary.setText(str(err))


def _communities(ctx: AppContext) -> dict[str, str]:
    with ctx.db.session() as s:
        # names only: list_communities also counts everybody per community (150 ms at 200,000)
        return dict(roster.community_choices(s))


def _stations(ctx: AppContext) -> dict[str, str]:
    with ctx.db.session() as s:
        return {r.id: r.name for r in rd.list_stations(s, ctx.actor)}


def _pairs_label(text: str) -> QLabel:
    """结对联系 shown read-only in a person's form (edited from the deputies' list)."""
    label = QLabel(text)
    label.setObjectName("pairs")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class RepresentativeDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, rep_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Representative"), parent)
        blank = self.tr("(none)")
        self.name = self.add("name", self.tr("Full name"), QLineEdit())
        self.gender = self.add("gender", self.tr("Gender"), combo(GENDER_LABELS, blank))
        self.id_number = self.add("id_number", self.tr("ID number"), QLineEdit())
        self.birth = self.add("birth_date", self.tr("Birth date"), QLineEdit(), is_date=True)
        self.community = self.add(
            "community_id", self.tr("Community"), combo(_communities(ctx), blank)
        )
        self.sector = self.add("sector", self.tr("Sector"), combo(SECTOR_LABELS))
        self.workplace = self.add("workplace", self.tr("Workplace"), QLineEdit())
        self.position = self.add("position", self.tr("Position"), QLineEdit())
        self.phone = self.add("phone", self.tr("Phone"), QLineEdit())
        self.address = self.add("address", self.tr("Address"), QLineEdit())
        self.joined = self.add("joined_on", self.tr("Joined on"), QLineEdit(), is_date=True)
        self.notes = self.add("notes", self.tr("Notes"), QPlainTextEdit())
        self.notes.setMaximumHeight(70)
        self.base = roster.RepresentativeForm()
        if rep_id:
            with ctx.db.session() as s:
                self.base = roster.get_representative(s, rep_id)
            f = self.base
            self.name.setText(f.name)  # type: ignore[attr-defined]
            set_combo(self.gender, f.gender)  # type: ignore[arg-type]
            self.id_number.setText(f.id_number)  # type: ignore[attr-defined]
            self.birth.setText(date_text(f.birth_date))  # type: ignore[attr-defined]
            set_combo(self.community, f.community_id)  # type: ignore[arg-type]
            set_combo(self.sector, f.sector)  # type: ignore[arg-type]
            for key in ("workplace", "position", "phone", "address"):
                self.fields[key].setText(getattr(f, key))  # type: ignore[attr-defined]
            self.joined.setText(date_text(f.joined_on))  # type: ignore[attr-defined]
            self.notes.setPlainText(f.notes)  # type: ignore[attr-defined]
            self.layout_.addRow(
                self.tr("Paired deputies"), _pairs_label(pairs_text_for_representative(ctx, rep_id))
            )
        else:
            self.joined.setText(date.today().isoformat())  # type: ignore[attr-defined]
        self.revalidate()

    def form(self) -> roster.RepresentativeForm:
        return replace(
            self.base,
            name=self.text("name"),
            gender=self.code("gender"),
            id_number=self.text("id_number"),
            birth_date=self.date_value("birth_date"),
            community_id=self.code("community_id") or None,
            sector=self.code("sector"),
            workplace=self.text("workplace"),
            position=self.text("position"),
            phone=self.text("phone"),
            address=self.text("address"),
            joined_on=self.date_value("joined_on"),
            notes=self.text("notes"),
        )

    def problems(self) -> dict[str, str]:
        problems = roster.check_representative(self.form())
        if not self.code("community_id"):
            problems["community_id"] = self.tr("Required")
        return problems

    def commit(self, session: Any) -> Any:
        return roster.save_representative(session, self.ctx.actor, self.form())


class DeputyDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, deputy_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Deputy"), parent)
        blank = self.tr("(none)")
        self.add("name", self.tr("Full name"), QLineEdit())
        self.add("gender", self.tr("Gender"), combo(GENDER_LABELS, blank))
        self.add("level", self.tr("Level"), combo(LEVEL_LABELS))
        self.add("election", self.tr("Election"), combo(ELECTION_LABELS))
        self.add("constituency", self.tr("Constituency"), QLineEdit())
        self.add("unit", self.tr("Workplace"), QLineEdit())
        self.add("position", self.tr("Position"), QLineEdit())
        self.add("station_id", self.tr("Station"), combo(_stations(ctx), blank))
        self.add("community_id", self.tr("Community"), combo(_communities(ctx), blank))
        attends = QCheckBox(self.tr("Attends every representative meeting (without a vote)"))
        self.add("attends_street_meetings", self.tr("Attends meetings"), attends)
        self.add("id_number", self.tr("ID number"), QLineEdit())
        self.add("phone", self.tr("Phone"), QLineEdit())
        self.add("joined_on", self.tr("Elected on"), QLineEdit(), is_date=True)
        self.base = rd.DeputyForm()
        if deputy_id:
            with ctx.db.session() as s:
                self.base = rd.get_deputy(s, deputy_id)
        f = self.base
        for key in ("name", "constituency", "unit", "position", "id_number", "phone"):
            self.fields[key].setText(getattr(f, key))  # type: ignore[attr-defined]
        for key in ("gender", "level", "election", "station_id", "community_id"):
            set_combo(self.fields[key], getattr(f, key))  # type: ignore[arg-type]
        attends.setChecked(f.attends_street_meetings)
        self.fields["joined_on"].setText(date_text(f.joined_on))  # type: ignore[attr-defined]
        if deputy_id:
            self.layout_.addRow(
                self.tr("Paired representatives"),
                _pairs_label(pairs_text_for_deputy(ctx, deputy_id)),
            )
        self.revalidate()

    def form(self) -> rd.DeputyForm:
        attends = self.fields["attends_street_meetings"]
        assert isinstance(attends, QCheckBox)
        return replace(
            self.base,
            name=self.text("name"),
            gender=self.code("gender"),
            level=self.code("level"),
            election=self.code("election"),
            constituency=self.text("constituency"),
            unit=self.text("unit"),
            position=self.text("position"),
            station_id=self.code("station_id") or None,
            community_id=self.code("community_id") or None,
            attends_street_meetings=attends.isChecked(),
            id_number=self.text("id_number"),
            phone=self.text("phone"),
            joined_on=self.date_value("joined_on"),
        )

    def problems(self) -> dict[str, str]:
        return rd.check_deputy(self.form())

    def commit(self, session: Any) -> Any:
        return rd.save_deputy(session, self.ctx.actor, self.form())


class ContactDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        deputy_id: str,
        contact: rd.ContactRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Fixed contact"), parent)
        blank = self.tr("(none)")
        self.add("kind", self.tr("Contact kind"), combo(CONTACT_KIND_LABELS))
        self.add("name", self.tr("Full name"), QLineEdit())
        self.add("phone", self.tr("Phone"), QLineEdit())
        self.add("address", self.tr("Address"), QLineEdit())
        self.add("community_id", self.tr("Community"), combo(_communities(ctx), blank))
        self.add("since", self.tr("Since"), QLineEdit(), is_date=True)
        self.base = rd.ContactForm(deputy_id=deputy_id)
        if contact is not None:
            self.base = rd.ContactForm(
                deputy_id=contact.deputy_id,
                kind=contact.kind,
                name=contact.name,
                phone=contact.phone,
                address=contact.address,
                since=contact.since,
                id=contact.id,
            )
        set_combo(self.fields["kind"], self.base.kind)  # type: ignore[arg-type]
        for key in ("name", "phone", "address"):
            self.fields[key].setText(getattr(self.base, key))  # type: ignore[attr-defined]
        self.fields["since"].setText(date_text(self.base.since or date.today()))  # type: ignore[attr-defined]
        self.revalidate()

    def form(self) -> rd.ContactForm:
        return replace(
            self.base,
            kind=self.code("kind"),
            name=self.text("name"),
            phone=self.text("phone"),
            address=self.text("address"),
            community_id=self.code("community_id") or None,
            since=self.date_value("since"),
        )

    def problems(self) -> dict[str, str]:
        return rd.check_contact(self.form())

    def commit(self, session: Any) -> Any:
        return rd.save_contact(session, self.ctx.actor, self.form())


class StationDialog(FormDialog):
    def __init__(
        self, ctx: AppContext, station_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, self.tr("Station"), parent)
        blank = self.tr("(none)")
        self.add("name", self.tr("Station name"), QLineEdit())
        kind = self.add("kind", self.tr("Kind"), combo(STATION_KIND_LABELS))
        self.add("address", self.tr("Address"), QLineEdit())
        stations = {k: v for k, v in _stations(ctx).items() if k != station_id}
        self.add("parent_id", self.tr("Parent station"), combo(stations, blank))
        self.add("community_id", self.tr("Community"), combo(_communities(ctx), blank))
        self.add("activity_frequency", self.tr("Activities at least"), combo(FREQUENCY_LABELS))
        self.add("reception_day", self.tr("Reception day"), QLineEdit())
        self.base = rd.StationForm()
        if station_id:
            with ctx.db.session() as s:
                self.base = rd.get_station(s, station_id)
        f = self.base
        for key in ("name", "address", "reception_day"):
            self.fields[key].setText(getattr(f, key))  # type: ignore[attr-defined]
        for key in ("kind", "parent_id", "community_id", "activity_frequency"):
            set_combo(self.fields[key], getattr(f, key))  # type: ignore[arg-type]
        assert isinstance(kind, QComboBox)
        kind.currentIndexChanged.connect(self._kind_changed)
        self.revalidate()

    def _kind_changed(self) -> None:
        set_combo(self.fields["activity_frequency"], rd.default_frequency(self.code("kind")))  # type: ignore[arg-type]

    def form(self) -> rd.StationForm:
        return replace(
            self.base,
            name=self.text("name"),
            kind=self.code("kind"),
            address=self.text("address"),
            parent_id=self.code("parent_id") or None,
            community_id=self.code("community_id") or None,
            activity_frequency=self.code("activity_frequency"),
            reception_day=self.text("reception_day"),
        )

    def problems(self) -> dict[str, str]:
        return rd.check_station(self.form())

    def commit(self, session: Any) -> Any:
        return rd.save_station(session, self.ctx.actor, self.form())


class RetireDialog(FormDialog):
    """离任 / 停用: a date and a reason; ``action`` does the service call."""

    def __init__(
        self,
        ctx: AppContext,
        who: str,
        action: Callable[[Any, date, str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Retire %1").replace("%1", who), parent)
        self.action = action
        self.add("left_on", self.tr("Date"), QLineEdit(date.today().isoformat()), is_date=True)
        self.add("reason", self.tr("Reason"), QLineEdit())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Retire"))
        self.revalidate()

    def problems(self) -> dict[str, str]:
        out = {}
        if not self.text("reason").strip():
            out["reason"] = self.tr("Required")
        if not self.text("left_on").strip():
            out["left_on"] = self.tr("Required")
        return out

    def commit(self, session: Any) -> Any:
        left_on = self.date_value("left_on")
        assert left_on is not None
        return self.action(session, left_on, self.text("reason"))


class ChangeoverDialog(FormDialog):
    """换届: name the new term, the date, and tick the re-elected representatives."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Term changeover"), parent)
        with ctx.db.session() as s:
            term = roster.current_term(s)
            reps = roster.list_representatives(
                s, ctx.actor, roster.RepresentativeFilter(), limit=100_000
            )
        self.add("name", self.tr("New term"), QLineEdit())
        self.add(
            "changeover_on",
            self.tr("Changeover date"),
            QLineEdit(date.today().isoformat()),
            is_date=True,
        )
        self.keep = QListWidget()
        for r in reps:
            item = QListWidgetItem(f"{r.name}（{r.community}）")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.keep.addItem(item)
        self.keep.setMinimumHeight(180)
        self.layout_.addRow(self.tr("Re-elected"), self.keep)
        if term is not None:
            self.summary.setStyleSheet("")
            self.summary.setText(
                self.tr(
                    "%1 closes; its %2 representatives in office leave with it unless ticked as re-elected."
                )
                .replace("%1", term.name)
                .replace("%2", str(len(reps)))
            )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Change over"))
        self.revalidate()

    def carried(self) -> list[str]:
        out = []
        for i in range(self.keep.count()):
            item = self.keep.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    def problems(self) -> dict[str, str]:
        return {"name": self.tr("Required")} if not self.text("name").strip() else {}

    def save(self) -> None:
        if self.revalidate():
            return
        answer = QMessageBox.question(
            self,
            self.windowTitle(),
            self.tr("Close the current term and open %1?").replace("%1", self.text("name")),
        )
        if answer == QMessageBox.StandardButton.Yes:
            super().save()

    def commit(self, session: Any) -> Any:
        when = self.date_value("changeover_on")
        assert when is not None
        return roster.changeover(
            session,
            self.ctx.actor,
            new_name=self.text("name"),
            changeover_on=when,
            carry_over=self.carried(),
        )


class FirstTermDialog(FormDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, self.tr("Open the first term"), parent)
        self.add("name", self.tr("Term"), QLineEdit("第一届"))
        self.add(
            "started_on", self.tr("Started on"), QLineEdit(date.today().isoformat()), is_date=True
        )
        self.revalidate()

    def problems(self) -> dict[str, str]:
        return {"name": self.tr("Required")} if not self.text("name").strip() else {}

    def commit(self, session: Any) -> Any:
        started = self.date_value("started_on") or date.today()
        return roster.open_first_term(
            session, self.ctx.actor, name=self.text("name"), started_on=started
        )


class CommunityDialog(FormDialog):
    def __init__(
        self,
        ctx: AppContext,
        community: roster.CommunityInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ctx, self.tr("Community"), parent)
        from desktop.services.roster.common import COMMUNITY_KIND_LABELS

        self.community = community
        self.add("name", self.tr("Community name"), QLineEdit(community.name if community else ""))
        kind = self.add("kind", self.tr("Kind"), combo(COMMUNITY_KIND_LABELS))
        set_combo(kind, community.kind if community else "community")  # type: ignore[arg-type]
        self.add("code", self.tr("Division code"), QLineEdit(community.code if community else ""))
        self.revalidate()

    def problems(self) -> dict[str, str]:
        out = {}
        if not self.text("name").strip():
            out["name"] = self.tr("Required")
        code = validators.compact(self.text("code"))
        if code and not (code.isdigit() and len(code) == 12):
            out["code"] = self.tr("12 digits")
        return out

    def commit(self, session: Any) -> Any:
        return roster.save_community(
            session,
            self.ctx.actor,
            name=self.text("name"),
            kind=self.code("kind"),
            code=self.text("code"),
            sort_order=self.community.sort_order if self.community else 99,
            community_id=self.community.id if self.community else None,
        )


class HistoryDialog(QDialog):
    """A record's history from the audit log: who changed what, when, and why."""

    def __init__(
        self, ctx: AppContext, entity: str, entity_id: str, who: str, parent: QWidget | None = None
    ) -> None:
        from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

        from desktop.services.roster.common import history

        super().__init__(parent)
        self.setWindowTitle(self.tr("History of %1").replace("%1", who))
        fit_to_screen(self, 760, 360)
        with ctx.db.session() as s:
            entries = history(s, entity, entity_id)
        verbs = {
            "create": self.tr("Created"),
            "edit": self.tr("Edited"),
            "retire": self.tr("Retired"),
            "reinstate": self.tr("Reinstated"),
        }
        self.table = QTableWidget(len(entries), 5)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Time"),
                self.tr("User"),
                self.tr("Action"),
                self.tr("Changes"),
                self.tr("Reason"),
            ]
        )
        for row, e in enumerate(entries):
            verb = e.action.rsplit(".", 1)[-1]
            cells = (
                e.at.astimezone().strftime("%Y-%m-%d %H:%M"),
                e.who or e.username,
                verbs.get(verb, e.action),
                e.changes,
                e.reason,
            )
            for col, value in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)


__all__ = [
    "ChangeoverDialog",
    "CommunityDialog",
    "ContactDialog",
    "DeputyDialog",
    "FirstTermDialog",
    "FormDialog",
    "HistoryDialog",
    "RepresentativeDialog",
    "RetireDialog",
    "StationDialog",
]
