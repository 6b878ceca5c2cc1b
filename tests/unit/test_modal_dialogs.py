"""Every modal dialog of the UI is opened through ``run_modal``, which deletes it afterwards.

``dialog.exec()`` on a dialog owned by a page kept the dialog alive until the window closed
(about 1 MB each; tests/ui/test_soak.py measured the growth). Only parentless top-level
dialogs (the sign-in and first-run dialogs before the window exists, the crash box) and
``QApplication.exec()`` may call ``exec()`` directly.
"""

from __future__ import annotations

import re
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "desktop" / "ui"
ALLOWED = {"app.py", "crash.py", "dialogs/__init__.py"}


def test_no_page_or_dialog_calls_exec_directly() -> None:
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        if name in ALLOWED:
            continue
        for no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\.exec\(\)", line):
                offenders.append(f"{name}:{no}: {line.strip()}")
    assert offenders == [], "use desktop.ui.dialogs.run_modal:\n" + "\n".join(offenders)
