"""Finding 6 of the trust review, end to end: text imported or typed as a formula comes out of every
XLSX the program writes as the text it was — no <f> element in any sheet, quote-prefixed where it
starts like a formula — and the finding-5 workbook bomb is a Thai refusal on the command line."""

import csv
import re
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.demo import build_demo
from moi_desktop.errors import UserError
from moi_desktop.reports import available_reports, get_report, render_report
from tests.workbook_support import header_and_row, repeated, shared_strings_xml, sheet_xml, write_workbook

LINK = '=HYPERLINK("http://x","y")'


def formulas(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return [f"{n}: {m}" for n in z.namelist() if n.startswith("xl/worksheets/")
                for m in re.findall(r"<f[ >/].{0,40}", z.read(n).decode())]


def texts(path: Path) -> list[tuple[str, str, bool]]:
    """(sheet, text, quote-prefixed?) of every text cell in the workbook."""
    book = load_workbook(path)
    return [(ws.title, c.value, bool(c.quotePrefix)) for ws in book.worksheets
            for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


@pytest.fixture
def hostile_members(tmp_path, db_path):
    """The finding's members: a name that is a formula (no title), and formulas as organisation
    and position, imported from a CSV as an office would."""
    source = tmp_path / "members.csv"
    with open(source, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["ชื่อ-สกุล", "หน่วยงาน", "ตำแหน่ง", "ภาคี", "โทรศัพท์"])
        out.writerow([LINK, "อบต.ทดสอบ", "ปลัด", "ภาคราชการ", "0812345678"])
        out.writerow(["นายสมชาย ใจดี", LINK, "@SUM(1+1)", "ภาคประชาชน", "0812345679"])
        out.writerow(["นางสาวสมหญิง รักดี", "-2+3", "+1", "ภาคเอกชน", ""])
        out.writerow(["", "=1+2", "x", "ภาคราชการ", ""])  # no name: a problem row
    assert main(["init", "--db", str(db_path), "--district", "6201"]) == 0
    errors = tmp_path / "problems.xlsx"
    assert main(["import", "members", str(source), "--db", str(db_path), "--errors-out", str(errors)]) == 0
    return db_path, errors


@pytest.mark.parametrize("report", ["members-contacts", "members-by-sector"])
def test_member_reports_write_formula_text_as_text(hostile_members, tmp_path, report):
    db_path, _ = hostile_members
    out = tmp_path / f"{report}.xlsx"
    assert main(["report", report, "--db", str(db_path), "--out", str(out)]) == 0
    assert formulas(out) == []
    shown = texts(out)
    assert any(LINK in text and prefixed for _, text, prefixed in shown)
    assert all(prefixed for _, text, prefixed in shown if text.startswith(("=", "+", "-", "@")))


def test_contacts_carry_the_organisation_and_position_as_typed(hostile_members, tmp_path):
    db_path, _ = hostile_members
    out = tmp_path / "contacts.xlsx"
    assert main(["report", "members-contacts", "--db", str(db_path), "--out", str(out)]) == 0
    joined = "\n".join(text for _, text, _ in texts(out))
    assert LINK in joined and "@SUM(1+1)" in joined


def test_the_error_workbook_writes_the_imported_formula_as_text(hostile_members):
    _, errors = hostile_members
    assert formulas(errors) == []
    cells = {text: prefixed for _, text, prefixed in texts(errors)}
    assert cells.get("=1+2") is True


def test_the_members_template_has_no_formulas(tmp_path):
    out = tmp_path / "template.xlsx"
    assert main(["members", "template", "--out", str(out)]) == 0
    assert formulas(out) == []


HOSTILE_COLUMNS = {
    "members": ["first_name", "last_name", "organisation", "position", "sector_other", "notes"],
    "households": ["head_name", "village", "notes"],
    "cases": ["description", "agency", "notes"],
    "case_actions": ["what", "by_whom"],
    "agencies": ["name_th"],
    "projects": ["title", "objectives", "problem", "villages", "notes"],
    "activities": ["title", "place", "who", "what", "why", "how", "before_text", "after_text"],
    "trainings": ["name", "venue", "organiser", "notes"],
    "training_materials": ["name", "notes"],
    "office": ["org_name", "chief_name", "chief_position"],
    # RESULTS + EVALUATION
    "milestones": ["title"],
    "milestone_actuals": ["confirm_note"],
    "project_lessons": ["worked", "problems", "solutions", "recommendations", "recorded_by"],
    "project_satisfaction": ["topic"],
    # correspondence, meetings, the reporting cycle, households
    "outgoing_letters": ["subject", "to_whom"],
    "meetings": ["title", "place"],
    "meeting_items": ["title", "resolution"],
    "meeting_actions": ["what", "owner_name"],
    "orders": ["text", "from_whom", "responsible_unit"],
    "household_members": ["full_name"],
}
# Reports of a province office (the demo is a district): their text is district names and periods,
# checked in tests/integration/test_reporting_cycle.py.
PROVINCE_ONLY = {"reporting-status-board", "reporting-consolidated"}
PREFIXES = ["=", "+", "-", "@", LINK + " "]


def _render_some_way(db, spec, out: Path) -> Path:
    """Render with the defaults, else with each choice of a parameter in turn (a training without
    materials has no procurement list: another training is tried)."""
    tries = [{}] + [{p.key: str(v)} for p in spec.params if p.choices is not None for v, _ in p.choices(db)[:10]]
    errors = []
    for raw in tries:
        try:
            return render_report(db, spec.key, out, raw)
        except UserError as exc:
            errors.append(exc.message)
    raise AssertionError(f"{spec.key}: nothing renders: {errors}")


@pytest.mark.slow
def test_no_report_writes_a_formula_on_hostile_demo_data(tmp_path):
    """Every report of the registry, as XLSX, on a demo database whose free-text columns all
    start like formulas."""
    path = build_demo(tmp_path / "demo.sqlite3")
    db = open_database(path)
    try:
        with db.atomic():
            for n, (table, columns) in enumerate(HOSTILE_COLUMNS.items()):
                for i, column in enumerate(columns):
                    prefix = PREFIXES[(n + i) % len(PREFIXES)]
                    db.execute(f"UPDATE [{table}] SET [{column}] = ? || [{column}] "  # noqa: S608
                               f"WHERE [{column}] IS NOT NULL AND [{column}] <> ''", [prefix])
        written, hostile_cells = [], 0
        for spec in available_reports(db):
            if "xlsx" not in spec.formats or spec.key in PROVINCE_ONLY:
                continue
            out = _render_some_way(db, spec, tmp_path / f"{spec.key}.xlsx")
            assert formulas(out) == [], spec.key
            shown = texts(out)
            assert all(prefixed for _, text, prefixed in shown if text.startswith(("=", "+", "-", "@"))), spec.key
            hostile_cells += sum(1 for _, text, _ in shown if text.startswith(("=", "+", "@")))
            written.append(spec.key)
    finally:
        db.close()
    assert len(written) >= 10 and "members-contacts" in written
    assert hostile_cells > 100  # the hostile text did reach the workbooks
    assert get_report("members-contacts")


@pytest.mark.slow
def test_the_finding_5_workbook_is_a_thai_refusal_on_the_command_line(tmp_path, db_path, capsys):
    """973 KB inflating to 1 GB: before, 3.3 GB of memory and a MemoryError traceback."""
    bomb = write_workbook(tmp_path / "bomb.xlsx", sheet_xml(header_and_row(b'<c r="B2" t="s"><v>0</v></c>')),
                          shared_strings_xml([b"<si><t>", *repeated(b"A" * (1 << 20), 10**9), b"</t></si>"]))
    assert bomb.stat().st_size < 1 << 20
    assert main(["init", "--db", str(db_path), "--district", "6201"]) == 0
    capsys.readouterr()
    tracemalloc.start()
    try:
        code = main(["import", "members", str(bomb), "--db", str(db_path)])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    err = capsys.readouterr().err
    assert code == 2 and "ไม่เปิดไฟล์ bomb.xlsx" in err and "Traceback" not in err
    assert peak < 16 << 20  # the command's own objects; nothing of the file is inflated
    db = open_database(db_path)
    try:
        assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0  # nothing changed
    finally:
        db.close()
