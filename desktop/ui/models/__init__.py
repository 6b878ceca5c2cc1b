"""Table models of the main lists, apart from their pages (as Vorta does).

Each module says what a list shows — its columns, how a value is written, which cells are
painted as warnings — on top of the one generic ``PagedTableModel``
(desktop/ui/widgets/table_model.py). Nothing here creates a widget, so the models are tested
with plain dataclass rows and no window (tests/ui/test_table_models.py).
"""
