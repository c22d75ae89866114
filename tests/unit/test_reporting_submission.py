"""One-step submission: the folder, its manifest written last, and a pulled stick."""

import json

import pytest

from moi_desktop.errors import UserError
from moi_desktop.reporting import submission
from moi_desktop.reporting.calendar import get_obligation, period_status
from tests.reporting_support import SUBMIT_PASSWORD, ready_office


@pytest.fixture
def district(make_office_db, fast_kdf):
    db = make_office_db("district", "district", "6205")
    ready_office(db)
    return db


def test_build_writes_reports_memo_bundle_and_manifest_last(district, tmp_path):
    drive = tmp_path / "stick"
    drive.mkdir()
    progress = []
    result = submission.build_submission(district, "disbursement", "2026-11", drive, password=SUBMIT_PASSWORD,
                                         progress=lambda d, t, m: progress.append((d, t, m)))
    names = sorted(p.name for p in result.folder.iterdir())
    assert names == sorted(["00-บันทึกนำส่ง.pdf", "01-disbursement-monthly.pdf", "01-disbursement-monthly.xlsx",
                            result.manifest.bundle_file.name, "manifest.json"])
    manifest = json.loads((result.folder / "manifest.json").read_text())
    assert manifest["due_date"] == "2026-12-03" and manifest["period"] == "2026-11"
    assert manifest["district_code"] == "6205"
    assert {f["role"] for f in manifest["files"]} == {"memo", "report", "bundle"}
    assert submission.verify_folder(result.folder).sha256 == result.manifest.sha256
    assert progress[-1][0] == progress[-1][1]
    # the memo is numbered from the outgoing register
    entry = district.execute("SELECT kind, status, number FROM outgoing_letters").fetchall()
    assert entry == [("covering", "issued", 1)]
    assert result.manifest.memo_number.endswith("/๑")
    # the period now counts as sent (built after 3 Dec 2026 in this test's real clock → late, or on time)
    status = period_status(district, get_obligation(district, "disbursement"), "2026-11", result.manifest.built_on)
    assert status.state in ("submitted", "late") and status.memo_number == result.manifest.memo_number
    assert [s.period for s in submission.list_submissions(district)] == ["2026-11"]


def test_reports_in_the_folder_carry_no_national_id(district, tmp_path):
    from moi_desktop.db.rows import insert_row

    insert_row(district, "members", {"first_name": "สมชาย", "last_name": "ใจดี", "national_id": "1101700230708",
                                     "sector": "people", "active": 1})
    district.execute("UPDATE reporting_obligations SET reports = ? WHERE code = 'progress'",
                     [json.dumps([["members-by-sector", {}]])])
    result = submission.build_submission(district, "progress", "2026-11", tmp_path, password=SUBMIT_PASSWORD)
    for f in result.manifest.files:
        if f.role != "bundle":
            assert b"1101700230708" not in (result.folder / f.name).read_bytes()


def test_a_changed_or_missing_file_is_not_a_submission(district, tmp_path):
    result = submission.build_submission(district, "disbursement", "2026-11", tmp_path, password=SUBMIT_PASSWORD)
    report = result.folder / "01-disbursement-monthly.xlsx"
    report.write_bytes(report.read_bytes() + b"x")
    with pytest.raises(UserError, match="ไม่ตรงกับที่บันทึกไว้"):
        submission.verify_folder(result.folder)
    report.unlink()
    with pytest.raises(UserError, match="ไม่มีไฟล์ 01-disbursement-monthly.xlsx"):
        submission.verify_folder(result.folder)
    (result.folder / "manifest.json").unlink()
    with pytest.raises(UserError, match="ไม่มีไฟล์ manifest.json"):
        submission.verify_folder(result.folder)


@pytest.mark.parametrize("fail_after", [0, 5_000, 60_000])
def test_pulling_the_drive_mid_write_records_nothing(district, tmp_path, monkeypatch, fail_after):
    drive = tmp_path / "stick"
    drive.mkdir()
    written = {"n": 0}

    def pulled(f, chunk):
        if written["n"] + len(chunk) > fail_after:
            f.write(chunk[: max(0, fail_after - written["n"])])
            written["n"] = fail_after
            raise OSError(5, "Input/output error")
        f.write(chunk)
        written["n"] += len(chunk)

    # the stick is gone after `fail_after` bytes: nothing can be removed from it any more
    monkeypatch.setattr(submission, "_write", pulled)
    monkeypatch.setattr(submission, "_discard", lambda folder: None)
    with pytest.raises(UserError, match="แฟลชไดรฟ์"):
        submission.build_submission(district, "disbursement", "2026-11", drive, password=SUBMIT_PASSWORD)
    assert district.execute("SELECT count(*) FROM submissions").fetchone()[0] == 0
    for folder in drive.iterdir():
        with pytest.raises(UserError):
            submission.verify_folder(folder)
    # the memo's number stays in the register, cancelled with the reason
    assert district.execute("SELECT status FROM outgoing_letters").fetchall() == [("cancelled",)]


def test_cancel_leaves_no_folder_and_no_record(district, tmp_path):
    calls = {"n": 0}

    def cancel_late():
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(UserError, match="ยกเลิก"):
        submission.build_submission(district, "disbursement", "2026-11", tmp_path, password=SUBMIT_PASSWORD,
                                    cancelled=cancel_late)
    assert district.execute("SELECT count(*) FROM submissions").fetchone()[0] == 0
    assert list(tmp_path.glob("รายงาน-*")) == []


def test_a_missing_drive_is_a_plain_error(district, tmp_path):
    with pytest.raises(UserError, match="ไม่พบโฟลเดอร์ปลายทาง"):
        submission.build_submission(district, "disbursement", "2026-11", tmp_path / "gone", password=SUBMIT_PASSWORD)


def test_with_an_official_the_covering_memo_is_a_letter_of_the_register(district, tmp_path):
    from moi_desktop.correspondence import add_official, list_letters

    add_official(district, name="นายสมมติ ทดสอบ", position="นายอำเภอคลองขลุง")
    result = submission.build_submission(district, "disbursement", "2026-11", tmp_path, password=SUBMIT_PASSWORD)
    (letter,) = list_letters(district)
    assert letter.status == "issued" and letter.source == "covering:submission:disbursement:2026-11"
    assert any("01-disbursement-monthly.pdf" in a for a in letter.attachments)
    assert district.execute("SELECT kind FROM outgoing_letters").fetchall() == [("covering",)]
    assert result.manifest.memo_number.endswith("/๑")


def test_with_an_official_a_pulled_drive_cancels_the_memo_letter(district, tmp_path, monkeypatch):
    from moi_desktop.correspondence import add_official, list_letters

    add_official(district, name="นายสมมติ ทดสอบ", position="นายอำเภอคลองขลุง")

    def pulled(f, chunk):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(submission, "_write", pulled)
    with pytest.raises(UserError):
        submission.build_submission(district, "disbursement", "2026-11", tmp_path, password=SUBMIT_PASSWORD)
    (letter,) = list_letters(district)
    assert letter.status == "cancelled"
    assert district.execute("SELECT count(*) FROM submissions").fetchone()[0] == 0


def test_a_stick_pulled_while_the_manifest_is_written_leaves_no_submission(district, tmp_path, monkeypatch):
    real = submission._write

    def pulled_at_the_manifest(f, chunk):
        if f.name.endswith(".manifest.json.part"):
            f.write(chunk[:10])
            raise OSError(5, "Input/output error")
        real(f, chunk)

    monkeypatch.setattr(submission, "_write", pulled_at_the_manifest)
    monkeypatch.setattr(submission, "_discard", lambda folder: None)
    with pytest.raises(UserError):
        submission.build_submission(district, "disbursement", "2026-11", tmp_path, password=SUBMIT_PASSWORD)
    (folder,) = tmp_path.glob("รายงาน-*")
    assert (folder / ".manifest.json.part").exists() and not (folder / "manifest.json").exists()
    with pytest.raises(UserError, match="ไม่มีไฟล์ manifest.json"):
        submission.verify_folder(folder)
    assert district.execute("SELECT count(*) FROM submissions").fetchone()[0] == 0
