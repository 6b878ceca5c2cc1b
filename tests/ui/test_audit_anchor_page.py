"""设置 → 数据与审计: a backup keeps its audit anchor, and 校验审计日志 says plainly when the
log is shorter than it (issue 15 item 5)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import delete, select

from desktop.db import Database
from desktop.models.audit import AuditEntry
from desktop.services import audit, settings
from desktop.services.permissions import Actor
from desktop.ui.main_window import MainWindow


def test_verify_after_a_backup_names_a_cut_log(
    qtbot: QtBot,
    main_window: MainWindow,
    db: Database,
    admin: Actor,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[str, str]] = []

    def record(kind: str) -> Any:
        return lambda _parent, _title, text, *a, **k: shown.append((kind, text))

    monkeypatch.setattr(QMessageBox, "critical", record("critical"))
    monkeypatch.setattr(QMessageBox, "information", record("information"))
    with db.transaction() as s:
        settings.update(s, admin, answer_deadline_days=20)
    page = main_window.open_page("settings")
    page._backup()  # type: ignore[attr-defined]
    assert "审计链锚点" in main_window.statusBar().currentMessage()
    page._verify_audit()  # type: ignore[attr-defined]
    assert shown[-1][0] == "information"
    with db.session() as s:
        newest = s.scalar(select(AuditEntry.id).order_by(AuditEntry.id.desc()).limit(1))
    with db.transaction() as s:  # the newest rows deleted: the chain alone still verifies
        s.execute(delete(AuditEntry).where(AuditEntry.id == newest))
        assert audit.verify(s).ok
    page._verify_audit()  # type: ignore[attr-defined]
    kind, text = shown[-1]
    assert kind == "critical" and "审计日志比" in text and f"第 {newest} 条" in text
