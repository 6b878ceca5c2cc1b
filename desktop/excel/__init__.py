"""The Excel ledger engine (DESIGN.md §6), generic over ledgers.

A ledger is declared once, as data (:mod:`desktop.excel.spec`)::

    LEDGER = Ledger(
        kind="opinions", title=N_("Opinions"), sheet="意见台账",
        columns=(
            Column("received_on", "登记日期", "date", required=True),
            Column("channel", "渠道", "choice", choices=(("visit", "走访"), ("phone", "电话"))),
            Column("community", "所属社区", "ref"),
            Column("content", "意见内容", required=True, max_length=2000, width=40),
            Column("id", "系统编号", "record_id"),
        ),
        match_keys=(("received_on", "content"),),   # how a row without 系统编号 finds its record
        unique=(),                                    # columns unique in file and database
        check=None,                                   # optional cross-field rule
    )

Column kinds: text, name (no spaces between Chinese characters), int, date (cells, serials or
text like 2024-03-05 / 2024年3月5日 / 1964.07: :mod:`desktop.excel.dates`), bool (是/否), choice (code ↔ Chinese label), ref (the name of
another record; the adapter lists valid names), phone, id_number (GB 11643 check digit),
record_id (the row's UUID, written by exports so a re-import updates the same records).
``personal=True`` masks a column in exports unless the user may export unmasked; a masked
value re-imported unchanged keeps the stored value.

The ledger-specific part is an adapter (:class:`desktop.excel.adapter.LedgerAdapter`):
``existing()`` yields the records as sheet values, ``references()`` the valid names per ref
column, ``create()``/``update()`` write rows (``desktop.models.bulk.insert_synced`` for fast
inserts that still write sync outbox rows), ``after_write()`` refreshes derived data. Register
it with ``adapter.register(MyAdapter())`` in a module listed in ``adapter.LEDGER_MODULES``.

Then everything is generic:

* ``writer.write_template(session, kind, path)`` — header row (required columns marked *),
  frozen, drop-downs for choice/bool/ref columns (hidden sheet ``_选项``), notes.
* ``writer.export(session, actor, kind, path, ids=None)`` — the same columns, streamed
  (``write_only``); masks personal data unless allowed; audits the export.
* ``importer.prepare(session, actor, kind, path, mapping=None)`` → :class:`importer.ImportPlan`:
  the file (.xlsx .xlsm .xls .xlsb .ods, read by python-calamine) is searched for the table
  (titles, 填报 lines, footers and blank rows skipped; headers by name, synonym —
  :mod:`desktop.excel.headers` — or mapping, remembered per set of headers); every row is
  validated and classed new / update / unchanged / error, with who it is about and, for an
  update, the old values; errors are :class:`importer.CellError` (sheet, row, column,
  message); duplicates in the file and against the database are errors; a changed column in
  ``Ledger.confirm`` (a name under an existing ID number) is a conflict to confirm; masked
  values, missing headers, files without data rows and files over ``MAX_ROWS`` rows are
  reported; nothing is written. ``importer.describe(plan, row)`` is the row's Chinese
  "列：旧 → 新" line.
* ``importer.commit(session, actor, plan, valid_only=False, accept=False)`` — inside
  ``db.transaction()``: refuses if any row has errors or an unconfirmed conflict (unless
  ``valid_only``, which skips them), or if records changed since the preview; writes
  everything, an import batch with its items, and one audit row; remembers the mapping.
* ``importer.undo(session, actor, batch_id)`` — retires created rows and restores updated
  rows' old values, refused if any of them changed after the import.
* ``importer.write_annotated(plan, path)`` — a copy with error cells red and commented and
  a "problems" column.

CLI: ``yishi import KIND FILE [--dry-run] [--valid-only] [--errors OUT.xlsx] [--map A=B]
[--accept-renames]``,
``yishi export KIND FILE``, ``yishi template KIND FILE``, ``yishi import --undo BATCH``.
UI: ``desktop.ui.dialogs.import_wizard.ImportWizard(ctx, kind)`` works for any ledger.
"""
