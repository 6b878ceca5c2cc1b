"""Child process for test_ballot_entry_kill: enters ballots one by one (each its own
FULL-sync transaction) and prints ``committed <serial>`` after each commit returns.
A serial already entered (a restart after a kill) is flagged and skipped, never doubled."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop.db import open_database
from desktop.services.permissions import Actor
from desktop.services.polls import ballots


def main() -> None:
    path, poll_id, last = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    db = open_database(path)
    actor = Actor(user_id=2, username="clerk", display_name="李晓梅", role="clerk")
    with db.session() as s:
        texts = ballots.qr_texts(s, poll_id, 1, last)
    for serial, text in enumerate(texts, 1):
        marks = {
            no: ("for" if (serial + no) % 3 else "against")
            for no in range(1, 13)
            if (serial * no) % 4
        }
        try:
            with ballots.entry_transaction(db) as s:
                ballots.enter_ballot(s, actor, poll_id, text, marks)
        except ballots.BallotFlag as flag:
            if flag.code != "duplicate":
                raise
            print(f"skipped {serial}", flush=True)
            continue
        print(f"committed {serial}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
