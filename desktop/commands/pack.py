"""`yishi pack YEAR OUT_DIR`: write the year's inspection pack (迎检资料包).

    yishi pack 2026 /media/u盘

Every ledger as Excel, the year's papers as PDF, ``00 目录.xlsx`` and ``SHA256SUMS.txt``, in
one folder ``<街道>2026年度迎检资料`` inside OUT_DIR (desktop/inspection_pack.py). The folder
appears only when complete; Ctrl+C leaves nothing behind.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.commands._common import fail, open_db, say, t
from desktop.i18n import N_


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "pack", help="生成某年度的迎检资料包（全部台账、会议材料、报告、目录和校验文件）"
    )
    p.add_argument("year", type=int, help="年度，如 2026")
    p.add_argument("out_dir", help="资料包写入的文件夹（其中新建“街道名+年度迎检资料”文件夹）")


def run(args: argparse.Namespace) -> int:
    import sys

    from desktop import inspection_pack as pack
    from desktop.errors import AppError
    from desktop.services.permissions import SYSTEM_ACTOR

    try:
        database = open_db()
    except AppError as err:
        return fail(err.template, **err.params)

    def progress(done: int, total: int, name: str) -> None:
        if name:
            print(f"[{done + 1}/{total}] {name}", file=sys.stderr, flush=True)

    try:
        result = pack.write_pack(
            database, SYSTEM_ACTOR, args.year, Path(args.out_dir), progress=progress
        )
    except AppError as err:
        return fail(err.template, **err.params)
    finally:
        database.dispose()
    for row in result.rows:
        say(f"{row.number:>3}  {row.name}  {row.count} {row.unit}")
    say(
        t(
            N_(
                "Inspection pack written: {folder} ({files} files, index {index}, checksums {sums})."
            ),
            folder=str(result.folder),
            files=result.files,
            index=pack.INDEX_NAME,
            sums=pack.CHECKSUM_NAME,
        )
    )
    if not result.enrolled:
        say(
            t(
                N_(
                    "This computer is not enrolled for sync: the district does not see this "
                    "data yet."
                )
            )
        )
    elif result.unsynced:
        say(
            t(
                N_(
                    "{count} change(s) on this computer have not yet reached the city server; "
                    "sync so that the district sees the same data as the pack."
                ),
                count=result.unsynced,
            )
        )
    return 0
