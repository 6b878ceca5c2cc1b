"""Screenshots of attendance over time (issue 24), on the demo street at 1366×768:

* the 出席台账 page: the current term per representative and deputy (the repeated absentee
  shaded, the flag in words) and the term's meetings below;
* the pairing dialog (结对联系) of one deputy.

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshot_attendance.py \
        --out-dir docs/screenshots
"""

from __future__ import annotations

import demo_shots  # tools/demo_shots.py (the script's own folder is on sys.path)


def main() -> None:
    from sqlalchemy import select

    from desktop.models.pairing import DeputyPairing
    from desktop.models.roster import Deputy
    from desktop.ui.dialogs.pairing_dialog import PairingDialog

    shot = demo_shots.open_demo_window()
    out_dir, db, window = shot.out_dir, shot.db, shot.window

    window.open_page("attendance")
    demo_shots.wait()
    page = window.pages["attendance"]
    people = page.people  # type: ignore[attr-defined]
    flagged = next(r for r in range(people.rowCount()) if people.item(r, 9).text())
    people.scrollToItem(people.item(flagged, 0))
    people.clearSelection()
    demo_shots.wait(300)
    window.grab().save(str(out_dir / "attendance-ledger.png"))
    print(out_dir / "attendance-ledger.png")

    with db.session() as s:
        deputy = s.scalars(
            select(Deputy).join(DeputyPairing, DeputyPairing.deputy_id == Deputy.id).limit(1)
        ).first()
        assert deputy is not None
        deputy_id, name = deputy.id, deputy.name
    dialog = PairingDialog(window.ctx, deputy_id, name, window)
    dialog.show()
    demo_shots.wait(300)
    dialog.grab().save(str(out_dir / "pairing-dialog.png"))
    print(out_dir / "pairing-dialog.png")
    dialog.close()


if __name__ == "__main__":
    main()
