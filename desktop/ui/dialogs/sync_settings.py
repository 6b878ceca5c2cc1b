"""同步连接设置: push interval, proxy (system / direct / manual) and an extra CA file."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.services import settings as settings_service
from desktop.ui.actions import run_action
from desktop.ui.context import AppContext
from desktop.ui.screen_fit import fit_to_screen

PROXY_SYSTEM, PROXY_NONE, PROXY_MANUAL = 0, 1, 2


class SyncSettingsDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(self.tr("Sync connection settings"))
        current = ctx.settings
        self.interval = QSpinBox()
        self.interval.setRange(1, 24 * 60)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setValue(current.sync_interval_minutes)
        self.proxy_mode = QComboBox()
        self.proxy_mode.addItems(
            [self.tr("System proxy"), self.tr("No proxy"), self.tr("Manual proxy")]
        )
        self.proxy_url = QLineEdit()
        self.proxy_url.setPlaceholderText("http://proxy.example:8080")
        proxy = current.sync_proxy.strip()
        if proxy.lower() == "none":
            self.proxy_mode.setCurrentIndex(PROXY_NONE)
        elif proxy:
            self.proxy_mode.setCurrentIndex(PROXY_MANUAL)
            self.proxy_url.setText(proxy)
        self.proxy_mode.currentIndexChanged.connect(self._mode_changed)
        self.ca_file = QLineEdit(current.sync_ca_file)
        self.ca_file.setPlaceholderText(self.tr("(only the built-in certificate authorities)"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_file, 1)
        ca_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Send every"), self.interval)
        form.addRow(self.tr("Proxy"), self.proxy_mode)
        form.addRow(self.tr("Proxy address"), self.proxy_url)
        form.addRow(self.tr("Extra CA certificate"), ca_row)
        self.message = QLabel(self.tr("Certificates are always verified."))
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._mode_changed(self.proxy_mode.currentIndex())
        fit_to_screen(self, 520, 240)

    def _mode_changed(self, index: int) -> None:
        self.proxy_url.setEnabled(index == PROXY_MANUAL)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("CA certificate"), "", self.tr("Certificates (*.pem *.crt *.cer)")
        )
        if name:
            self.ca_file.setText(name)

    def values(self) -> dict[str, object]:
        mode = self.proxy_mode.currentIndex()
        proxy = {PROXY_SYSTEM: "", PROXY_NONE: "none"}.get(mode, self.proxy_url.text().strip())
        return {
            "sync_interval_minutes": self.interval.value(),
            "sync_proxy": proxy,
            "sync_ca_file": self.ca_file.text().strip(),
        }

    def _save(self) -> None:
        def saved(_result: object) -> None:
            self.ctx.reload_settings()
            self.accept()

        run_action(
            self,
            self.ctx.db,
            lambda s: settings_service.update(s, self.ctx.actor, **self.values()),
            success=saved,
            failure=lambda err: self.message.setText(str(err)),
        )
