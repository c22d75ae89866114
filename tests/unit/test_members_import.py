"""Importing registrant workbooks: the acceptance workbook, atomicity, re-import, error export."""

import pytest
from openpyxl import Workbook, load_workbook

from moi_desktop.errors import UserError
from moi_desktop.imports import plan_import, run_import, write_error_workbook
from moi_desktop.members import MemberQuery, count_members, importer, search_members
from moi_desktop.members.importer import SPEC, match_team_role
from tests.data.members.make_workbooks import write_registrant_workbook


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "registrants.xlsx"
    return path, write_registrant_workbook(path)


def test_acceptance_workbook(db, workbook):
    path, expected = workbook
    plan = plan_import(SPEC, path)
    assert plan.header.rows == [4, 5]
    report = run_import(db, SPEC, plan, dry_run=False)
    out = report.to_json()
    assert set(out) == {"rows", "valid", "imported", "errors", "duplicates", "warnings"}
    assert (out["rows"], out["valid"], out["imported"]) == (expected["rows"], expected["valid"], expected["imported"])
    assert {e["row"]: e["field"] for e in out["errors"]} == expected["errors"]
    assert {d["row"]: d["of"] for d in out["duplicates"]} == expected["duplicates"]
    assert {w["row"] for w in out["warnings"]} == expected["warning_rows"]
    assert count_members(db, MemberQuery()) == expected["imported"]

    rows = {r["first_name"]: r for r in search_members(db, MemberQuery(), limit=50)}
    [somchai] = search_members(db, MemberQuery(text="สมชาย ใจดี 0812"))
    assert somchai["national_id"] == expected["ids"]["A"]  # Thai digits and dashes
    assert somchai["phone"] == "0812345678" and somchai["subdistrict_code"] == "500101"
    assert somchai["house_no"] == "12/1" and somchai["moo"] == "3" and somchai["sector"] == "government"
    assert rows["มาลี"]["phone"] == "0891112222"  # the number Excel stored without its 0
    assert rows["มาลี"]["national_id"] == expected["ids"]["B"]  # the ID stored as a number
    assert rows["วิชัย"]["title"] == "ดร." and rows["วิชัย"]["sector"] == "other"
    assert rows["วิชัย"]["sector_other"] == "ภาคการศึกษา"  # never dropped
    assert rows["จันทร์เพ็ญ"]["title"] == "น.ส." and rows["จันทร์เพ็ญ"]["national_id"] == expected["ids"]["D"]
    assert rows["สิริธรรมวัฒน์"]["title"] == "พระครู" and rows["สิริธรรมวัฒน์"]["sector"] == "religious"


def test_reimport_imports_nothing_new(db, workbook):
    path, expected = workbook
    run_import(db, SPEC, plan_import(SPEC, path), dry_run=False)
    again = run_import(db, SPEC, plan_import(SPEC, path), dry_run=False)
    assert again.imported == 0
    assert len(again.duplicates) == expected["valid"]
    assert count_members(db, MemberQuery()) == expected["imported"]


def test_dry_run_writes_nothing(db, workbook):
    path, expected = workbook
    report = run_import(db, SPEC, plan_import(SPEC, path), dry_run=True)
    assert report.imported == 0 and report.valid == expected["valid"]
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_failure_while_applying_leaves_nothing(db, workbook, monkeypatch):
    path, _ = workbook
    calls = []

    def failing_apply(db_, ctx, results, progress):
        importer.apply(db_, ctx, results, progress)
        calls.append(len(results))
        raise RuntimeError("disk full")

    spec = importer.ImportSpec(**{**SPEC.__dict__, "apply": failing_apply})
    with pytest.raises(RuntimeError):
        run_import(db, spec, plan_import(spec, path), dry_run=False)
    assert calls == [7]
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM members_fts").fetchone()[0] == 0


def test_cancel_leaves_nothing(db, workbook):
    path, _ = workbook
    with pytest.raises(UserError, match="ยกเลิก"):
        run_import(db, SPEC, plan_import(SPEC, path), dry_run=False, cancelled=lambda: True)
    assert db.execute("SELECT count(*) FROM members").fetchone()[0] == 0


def test_error_workbook_has_original_rows_and_problems(db, workbook, tmp_path):
    path, expected = workbook
    plan = plan_import(SPEC, path)
    report = run_import(db, SPEC, plan)
    out = write_error_workbook(report, plan, tmp_path / "problems.xlsx")
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[0] == "แถวในไฟล์เดิม" and header[-1] == "ปัญหาที่พบ"
    by_row = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert set(expected["errors"]) | set(expected["duplicates"]) <= set(by_row)
    assert "เลขตรวจสอบ" in by_row[9][-1]
    assert by_row[9][2] == "นางสมศรี"  # the original cell, untouched
    # The exported file imports again: its header still maps.
    again = plan_import(SPEC, out)
    assert "national_id" in again.mapping().values()


def test_progress_is_reported(db, workbook):
    path, _ = workbook
    seen = []
    run_import(db, SPEC, plan_import(SPEC, path), dry_run=False, progress=lambda d, t, m: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]


def test_required_name_column(db, tmp_path):
    wb = Workbook()
    wb.active.append(["โทรศัพท์", "หน่วยงาน"])
    wb.active.append(["0812345678", "อำเภอ"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(UserError, match="ยังไม่ได้เลือกคอลัมน์"):
        run_import(db, SPEC, plan_import(SPEC, path))


def test_csv_import_with_address_column(db, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "ชื่อ-สกุล,เบอร์โทร,ภาคี,ทีม,ที่อยู่\n"
        "นายสมชาย ใจดี,081-234-5678,ราชการ,ทีมนำ ๑๐ คน,12 หมู่ 3 ต.ศรีภูมิ อ.เมืองเชียงใหม่ จ.เชียงใหม่\n"
        "นางมาลี ศรีสุข,0891112222,ชาวบ้าน,ทีมนักขับเคลื่อน ๑๐๐ คน,99 หมู่ 1 ต.ไม่มีจริง อ.เมืองเชียงใหม่\n",
        encoding="utf-8",
    )
    report = run_import(db, SPEC, plan_import(SPEC, path), dry_run=False)
    assert report.imported == 2 and not report.errors
    rows = {r["first_name"]: r for r in search_members(db, MemberQuery())}
    assert rows["สมชาย"]["subdistrict_code"] == "500101" and rows["สมชาย"]["team_role"] == "leader10"
    assert rows["มาลี"]["subdistrict_code"] is None and rows["มาลี"]["team_role"] == "change_agent100"
    assert [w.row for w in report.warnings if w.field == "subdistrict"] == [3]


def test_team_role_text():
    assert match_team_role("ทีมผู้นำนักขับเคลื่อน ๑๐ คน") == "leader10"
    assert match_team_role("ทีมนักขับเคลื่อน 100 คน") == "change_agent100"
    assert match_team_role("คณะกรรมการหมู่บ้าน") == "village_committee"
    assert match_team_role("เวทีประชาคม") == "forum"
    assert match_team_role("ทีมฟุตบอล") is None
    assert match_team_role("") is None


def test_total_row_is_not_a_person_called_ruam(db, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["ชื่อ", "นามสกุล"])
    ws.append(["รวมพล", "ใจดี"])
    ws.append(["รวมทั้งสิ้น", "1 คน"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    report = run_import(db, SPEC, plan_import(SPEC, path))
    assert report.rows == 1 and report.valid == 1
    assert [w.row for w in report.warnings if "รวม" in w.message] == [3]


def test_control_and_bidi_characters_are_stripped_with_a_warning(db, tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text(
        "ชื่อ-สกุล,เบอร์โทร,ภาคี\n"
        "นายสมชาย\u202e ใจดี\x1b,081-234-5678,ราชการ\n"
        "นางมาลี ศรีสุข,0891112222,ชาวบ้าน\n",
        encoding="utf-8",
    )
    report = run_import(db, SPEC, plan_import(SPEC, path), dry_run=False)
    assert report.imported == 2 and not report.errors
    hostile = [w for w in report.warnings if "U+202E" in w.message]
    assert [(w.row, w.field) for w in hostile] == [(2, "full_name")] and "U+001B" in hostile[0].message
    [somchai] = search_members(db, MemberQuery(text="สมชาย"))
    assert (somchai["first_name"], somchai["last_name"]) == ("สมชาย", "ใจดี")
