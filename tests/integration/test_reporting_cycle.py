"""The whole reporting cycle: three districts of one province, one period, one late, one missing."""

from datetime import UTC, date, datetime

import pytest

from moi_desktop.reporting import province, submission
from tests.reporting_support import SUBMIT_PASSWORD, ready_office

ON_TIME = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # 2 Dec 2026, 10:00 Bangkok
LATE = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)  # 4 Dec: after the due date (3 Dec)


@pytest.fixture
def cycle(make_office_db, fast_kdf, tmp_path):
    from moi_desktop.documents.garuda import placeholder_garuda
    from moi_desktop.office import set_office_garuda

    prov = make_office_db("province", "province", "62")
    set_office_garuda(prov, placeholder_garuda(), "placeholder-garuda.png")
    province.set_expected_districts(prov, ["6201", "6202", "6205"])
    districts = {}
    for code, paid in (("6201", 10_000.0), ("6202", 20_000.0), ("6205", 30_000.0)):
        db = make_office_db(f"d{code}", "district", code)
        ready_office(db, budget=100_000.0, paid=paid)
        districts[code] = db
    folders = {}
    for code, when in (("6201", ON_TIME), ("6205", LATE)):  # 6202 never sends
        drive = tmp_path / f"stick-{code}"
        drive.mkdir()
        with submission.building_at(when):
            folders[code] = submission.build_submission(districts[code], "disbursement", "2026-11", drive,
                                                        password=SUBMIT_PASSWORD).folder
    for folder in folders.values():
        province.import_submission(prov, folder, password=SUBMIT_PASSWORD)
    return prov, districts, folders


def test_the_board_marks_sent_late_and_missing(cycle):
    prov, _, _ = cycle
    board = province.status_board(prov, "disbursement", ["2026-11"])
    states = {r.district_code: r.cells[0].state_th for r in board.rows}
    assert states == {"6201": "ส่งแล้ว", "6205": "ส่งช้า", "6202": "ยังไม่ส่ง"}
    cells = {r.district_code: r.cells[0] for r in board.rows}
    assert cells["6201"].built_on == date(2026, 12, 2) and cells["6201"].imported_at
    assert cells["6205"].built_on == date(2026, 12, 4)
    assert board.counts("2026-11") == {"sent": 1, "late": 1, "missing": 1}


def test_reimporting_a_folder_changes_nothing(cycle):
    prov, _, folders = cycle
    again = province.import_submission(prov, folders["6201"], password=SUBMIT_PASSWORD)
    assert again.already
    assert prov.execute("SELECT count(*) FROM submissions_received").fetchone()[0] == 2


def test_documents_are_filed_without_the_bundle(cycle):
    prov, _, _ = cycle
    filed = [r[0] for r in prov.execute("SELECT filed_in FROM submissions_received")]
    for folder in filed:
        from pathlib import Path

        names = sorted(p.name for p in Path(folder).iterdir())
        assert "manifest.json" in names and "00-บันทึกนำส่ง.pdf" in names
        assert not any(n.endswith(".moib") for n in names)


def test_late_and_missing_districts_get_numbered_reminders(cycle, tmp_path):
    prov, _, _ = cycle
    out = tmp_path / "letters"
    out.mkdir()
    letters = province.reminder_letters(prov, "disbursement", "2026-11", out, date(2026, 12, 10))
    by_district = {r.district_code: r for r in letters}
    assert set(by_district) == {"6202", "6205"}  # not the district that sent on time
    assert by_district["6205"].state == "late" and by_district["6202"].state == "missing"
    numbers = prov.execute("SELECT number, kind, to_whom FROM outgoing_letters ORDER BY number").fetchall()
    assert [(n, k) for n, k, _ in numbers] == [(1, "reminder"), (2, "reminder")]
    assert {r.number for r in letters} == {"มท ๐๐๑๘/๑", "มท ๐๐๑๘/๒"}
    for r in letters:
        assert r.path.read_bytes().startswith(b"%PDF")


def test_before_the_due_date_nobody_is_reminded_of_a_missing_report(cycle, tmp_path):
    prov, _, _ = cycle
    letters = province.reminder_letters(prov, "disbursement", "2026-11", tmp_path, date(2026, 12, 3),
                                        include_late=False)
    assert letters == []


def test_consolidated_counts_equal_the_sum_of_the_districts(cycle):
    prov, districts, _ = cycle
    table = province.consolidated(prov, "disbursement", "2026-11")
    assert [c for c, _ in table.districts] == ["6201", "6202", "6205"]
    for label, values, total in zip(table.labels, table.values, table.totals, strict=True):
        assert sum(values) == pytest.approx(total), label
    paid = dict(zip(table.labels, table.values, strict=True))["เบิกจ่ายในเดือน (บาท)"]
    # the missing district's data never arrived: the province counts only what was sent
    assert paid == [10_000.0, 0, 30_000.0]
    # each district's column is what that district's own database says
    own = province.CONSOLIDATE["disbursement"][1]
    assert dict(own(districts["6205"], "2026-11", date(2026, 11, 30)))["เบิกจ่ายในเดือน (บาท)"] == 30_000.0


def test_consolidated_cases_count_what_was_received_by_the_period_end(cycle, tmp_path):
    from moi_desktop.cases import add_case, add_household
    from moi_desktop.cases.store import indicator_by_number

    prov, districts, _ = cycle
    db = districts["6201"]
    household = add_household(db, {"head_name": "นายทดสอบ ระบบ", "house_no": "1", "moo": "1",
                                   "subdistrict_code": "620101"})
    indicator = indicator_by_number(db, 2)["id"]
    for day in ("2026-11-10", "2026-12-02"):
        add_case(db, {"household_id": household, "indicator_id": indicator, "reported_on": day})
    drive = tmp_path / "again"
    drive.mkdir()
    with submission.building_at(ON_TIME):
        built = submission.build_submission(db, "cases", "2026-11", drive, password=SUBMIT_PASSWORD)
    province.import_submission(prov, built.folder, password=SUBMIT_PASSWORD)
    table = province.consolidated(prov, "cases", "2026-11")
    totals = dict(zip(table.labels, table.values, strict=True))["เรื่องราวทั้งหมด"]
    assert totals == [1, 0, 0]  # the December case is after the period
    assert sum(totals) == table.totals[0]


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    return text.replace("\u0e4d\u0e32", "\u0e33")


def test_board_and_consolidated_reports_render(cycle, tmp_path):
    from openpyxl import load_workbook

    from moi_desktop.reports import render_report

    prov, _, _ = cycle
    params = {"obligation": "disbursement", "period": "2026-11", "periods": 2}
    pdf = render_report(prov, "reporting-status-board", tmp_path / "board.pdf", params)
    text = _pdf_text(pdf)
    for word in ("ส่งแล้ว", "ส่งช้า", "ยังไม่ส่ง"):
        assert word in text
    xlsx = render_report(prov, "reporting-consolidated", tmp_path / "sum.xlsx",
                         {"obligation": "disbursement", "period": "2026-11"})
    values = [c for row in load_workbook(xlsx).active.iter_rows(values_only=True) for c in row]
    assert 40_000 in values  # paid this month: 10,000 + 0 + 30,000


def test_with_an_official_reminders_are_letters_of_the_register(cycle, tmp_path):
    from moi_desktop.correspondence import add_official, list_letters

    prov, _, _ = cycle
    add_official(prov, name="นายสมมติ ทดสอบ", position="ผู้ว่าราชการจังหวัดกำแพงเพชร")
    letters = province.reminder_letters(prov, "disbursement", "2026-11", tmp_path, date(2026, 12, 10))
    made = list_letters(prov)
    assert len(made) == len(letters) == 2
    assert {m.status for m in made} == {"issued"} and {m.kind for m in made} == {"letter"}
    text = _pdf_text(next(r.path for r in letters if r.state == "missing"))
    assert "ยังไม่ได้รับรายงาน" in text and "นายอำเภอไทรงาม" in text


def test_a_districts_official_never_signs_the_provinces_reminder(cycle, tmp_path, fast_kdf):
    from moi_desktop.correspondence import add_official, list_letters
    from moi_desktop.exchange import export_bundle, import_bundle
    from tests.exchange_support import PASSWORD

    prov, districts, _ = cycle
    add_official(districts["6201"], name="นายอำเภอ ทดสอบ", position="นายอำเภอเมืองกำแพงเพชร")
    import_bundle(prov, export_bundle(districts["6201"], tmp_path / "b.moib", PASSWORD).path, PASSWORD)
    province.reminder_letters(prov, "disbursement", "2026-11", tmp_path, date(2026, 12, 10))
    assert list_letters(prov) == []  # no official of its own: numbered from the register, the governor signs
    assert prov.execute("SELECT count(*) FROM outgoing_letters WHERE origin = "
                        "(SELECT value FROM meta WHERE key = 'installation_id')").fetchone()[0] == 2


def test_the_provinces_receipt_closes_the_districts_submission(cycle):
    from moi_desktop.exchange import import_receipt

    _, districts, folders = cycle
    (receipt,) = folders["6201"].glob("*.moir")  # written beside the bundle when the province imported it
    import_receipt(districts["6201"], receipt, SUBMIT_PASSWORD)
    (row,) = submission.list_submissions(districts["6201"])
    assert row.receipt_at and row.state_th == "ส่งแล้ว (จังหวัดได้รับแล้ว)"
    (late,) = submission.list_submissions(districts["6205"])
    assert late.receipt_at is None and late.state_th == "ส่งช้า"


def test_the_province_refuses_a_folder_whose_files_do_not_match(cycle, make_office_db, tmp_path):
    from moi_desktop.errors import UserError

    _, districts, _ = cycle
    fresh = make_office_db("fresh-province", "province", "62")
    drive = tmp_path / "bad"
    drive.mkdir()
    with submission.building_at(ON_TIME):
        built = submission.build_submission(districts["6202"], "disbursement", "2026-11", drive,
                                            password=SUBMIT_PASSWORD)
    bundle = built.folder / built.manifest.bundle_file.name
    data = bundle.read_bytes()
    # Always another last byte (a fixed b"\0" was the same byte once in 256 runs).
    bundle.write_bytes(data[:-1] + bytes([data[-1] ^ 0xFF]))
    with pytest.raises(UserError, match="ไม่ตรงกับที่บันทึกไว้"):
        province.import_submission(fresh, built.folder, password=SUBMIT_PASSWORD)
    assert fresh.execute("SELECT count(*) FROM submissions_received").fetchone()[0] == 0
    assert fresh.execute("SELECT count(*) FROM bundles_received").fetchone()[0] == 0  # nothing merged


def test_a_district_sees_its_own_board_and_figures(cycle):
    _, districts, _ = cycle
    board = province.status_board(districts["6205"], "disbursement", ["2026-10", "2026-11"])
    assert [(r.district_code, [c.state for c in r.cells]) for r in board.rows] == [("6205", ["missing", "late"])]
    table = province.consolidated(districts["6205"], "disbursement", "2026-11")
    assert table.districts == [("6205", "คลองขลุง")]
    assert dict(zip(table.labels, table.totals, strict=True))["เบิกจ่ายในเดือน (บาท)"] == 30_000.0
