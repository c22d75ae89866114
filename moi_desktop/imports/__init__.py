"""Spreadsheet importers: read, find the header, map columns, normalise, validate, dry-run, apply.

Generic machinery; each kind of record supplies an ImportSpec (see registry.py).
"""

from moi_desktop.imports.engine import ImportReport, ImportSpec, Issue, Plan, RowResult, plan_import, run_import
from moi_desktop.imports.export import write_error_workbook, write_template
from moi_desktop.imports.mapping import Column, FieldSpec, Header, apply_overrides, detect_header, header_key
from moi_desktop.imports.reader import Table, column_index, column_letter, read_table, sheet_names
from moi_desktop.imports.registry import get_importer, importer_kinds

__all__ = [
    "Column",
    "FieldSpec",
    "Header",
    "ImportReport",
    "ImportSpec",
    "Issue",
    "Plan",
    "RowResult",
    "Table",
    "apply_overrides",
    "column_index",
    "column_letter",
    "detect_header",
    "get_importer",
    "header_key",
    "importer_kinds",
    "plan_import",
    "read_table",
    "run_import",
    "sheet_names",
    "write_error_workbook",
    "write_template",
]
