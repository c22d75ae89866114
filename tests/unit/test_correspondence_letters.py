"""Letters written in the program: drafts, issuing (numbered, frozen), duplicates, cancelling,
rendering through the documents engine with the office's Garuda, the covering memo and the
register report."""

from datetime import date

import pypdf
import pytest

from moi_desktop.correspondence import (
    add_official,
    cancel_letter,
    covering_memo,
    delete_draft,
    duplicate_letter,
    get_letter,
    issue_letter,
    letter_spec,
    list_letters,
    list_register,
    new_letter,
    render_letter,
    update_letter,
)
from moi_desktop.documents.garuda import placeholder_garuda
from moi_desktop.errors import UserError
from moi_desktop.office import set_office_garuda
from moi_desktop.reports import render_report
from tests.accounts_support import ADMIN, CLERK, VIEWER, login


def pdf_text(path) -> str:
    return "\n".join(p.extract_text() for p in pypdf.PdfReader(path).pages).replace("\u0e4d\u0e32", "\u0e33")


@pytest.fixture
def office(accounts_db):
    login(accounts_db, ADMIN)
    set_office_garuda(accounts_db, placeholder_garuda())
    login(accounts_db, CLERK)
    signer = add_official(accounts_db, title="นาย", name="สมชาย ใจดี", position="นายอำเภอเมืองกำแพงเพชร")
    return accounts_db, signer


def _memo(db, signer, **kw):
    return new_letter(db, "memo", subject=kw.pop("subject", "ขอส่งรายงานผลการดำเนินงาน"),
                      to_whom="ผู้ว่าราชการจังหวัดกำแพงเพชร", body=["ด้วยอำเภอได้ดำเนินการแล้ว", "จึงเรียนมาเพื่อโปรดทราบ"],
                      signer_id=signer.id, **kw)


def test_a_draft_is_saved_edited_issued_and_then_frozen(office, tmp_path):
    db, signer = office
    draft = new_letter(db, "memo")  # a half-written draft may be saved
    assert draft.status == "draft" and draft.body == []
    with pytest.raises(UserError, match="ยังออกเลขไม่ได้: กรุณากรอกเรื่อง"):
        issue_letter(db, draft.id)
    draft = update_letter(db, draft.id, subject="ขอส่ง\u202eรายงาน", to_whom="นายอำเภอ", body=["เนื้อความ\x00"],
                          signer_id=signer.id)
    assert draft.subject == "ขอส่งรายงาน" and draft.body == ["เนื้อความ"]
    assert any("U+202E" in w for w in draft.warnings) and any("U+0000" in w for w in draft.warnings)
    assert list_register(db) == []  # a draft takes no number
    letter, entry = issue_letter(db, draft.id, on=date(2026, 12, 5))
    assert entry.number == 1 and entry.letter_id == draft.id and entry.kind == "memo"
    assert letter.status == "issued" and letter.outgoing_id == entry.id
    assert letter.fields["ref"] == "มท ๐๓๑๘/๑" and letter.fields["date"] == "2026-12-05"
    with pytest.raises(UserError, match="แก้ไขไม่ได้"):
        update_letter(db, draft.id, subject="อื่น")
    with pytest.raises(UserError, match="ออกเลขไปแล้ว"):
        issue_letter(db, draft.id)
    with pytest.raises(UserError, match="ลบได้เฉพาะร่าง"):
        delete_draft(db, draft.id)


def test_issued_memo_prints_its_number_subject_and_signer(office, tmp_path):
    db, signer = office
    letter, entry = issue_letter(db, _memo(db, signer).id, on=date(2026, 12, 5))
    out = render_letter(db, letter.id, tmp_path / "memo.pdf")
    text = pdf_text(out)
    assert "มท ๐๓๑๘/๑" in text and "ขอส่งรายงานผลการดำเนินงาน" in text
    assert "นายสมชาย ใจดี" in text and "๕ ธันวาคม ๒๕๖๙" in text
    assert list(pypdf.PdfReader(out).pages[0].images)  # the office's Garuda


def test_a_draft_prints_with_a_blank_number(office, tmp_path):
    db, signer = office
    draft = _memo(db, signer)
    spec = letter_spec(db, draft)
    assert spec.ref.startswith("มท ๐๓๑๘/") and spec.ref.strip().endswith("/")
    render_letter(db, draft.id, tmp_path / "d.pdf")


def test_external_letter_stamped_and_minutes_render(office, tmp_path):
    db, signer = office
    letter = new_letter(db, "letter", subject="ขอความอนุเคราะห์ข้อมูล", to_whom="นายกองค์การบริหารส่วนตำบลนาบ่อคำ",
                        body=["ด้วยอำเภอเมืองกำแพงเพชรมีความประสงค์ขอข้อมูล", "จึงเรียนมาเพื่อโปรดพิจารณา"],
                        attachments=["แบบสำรวจ จำนวน ๑ ชุด"], signer_id=signer.id,
                        fields={"office": "ที่ว่าการอำเภอเมืองกำแพงเพชร\nถนนราชดำเนิน กำแพงเพชร ๖๒๐๐๐",
                                "refer_to": "หนังสือจังหวัด ที่ กพ ๐๐๑๘/๑ ลงวันที่ ๑ ธันวาคม ๒๕๖๙"})
    text = pdf_text(render_letter(db, letter.id, tmp_path / "l.pdf"))
    assert "ขอความอนุเคราะห์ข้อมูล" in text and "แบบสำรวจ" in text
    stamped = new_letter(db, "stamped", to_whom="ที่ทำการปกครองจังหวัดกำแพงเพชร", body=["อำเภอขอส่งเอกสาร"])
    issue_letter(db, stamped.id)
    render_letter(db, stamped.id, tmp_path / "s.pdf")
    minutes = new_letter(db, "minutes", subject="การประชุมคณะกรรมการ", fields={
        "number": "๑/๒๕๖๙", "place": "ห้องประชุมอำเภอ", "present": [{"name": "นายสมชาย ใจดี", "position": "นายอำเภอ",
                                                                     "role": "ประธาน"}],
        "agenda": [{"title": "เรื่องที่ประธานแจ้งให้ที่ประชุมทราบ", "body": ["ไม่มี"], "resolution": "รับทราบ"}],
        "recorder": {"name": "นางมาลี มีสุข", "position": "เจ้าพนักงานปกครอง"}})
    text = pdf_text(render_letter(db, minutes.id, tmp_path / "m.pdf"))
    assert "การประชุมคณะกรรมการ" in text and "รับทราบ" in text


def test_a_memo_without_the_office_garuda_is_refused_with_where_to_set_it(accounts_db, tmp_path):
    login(accounts_db, CLERK)
    draft = new_letter(accounts_db, "memo", subject="ก", to_whom="ข", body=["ค"])
    with pytest.raises(UserError, match="ครุฑ"):
        render_letter(accounts_db, draft.id, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.pdf.part").exists()


def test_duplicate_copies_content_but_not_number_or_date(office):
    db, signer = office
    letter, _ = issue_letter(db, _memo(db, signer, fields={"closing": "จึงเรียนมาเพื่อโปรดทราบ"}).id)
    copy = duplicate_letter(db, letter.id)
    assert copy.status == "draft" and copy.outgoing_id is None and copy.id != letter.id
    assert (copy.subject, copy.body, copy.signer_id) == (letter.subject, letter.body, letter.signer_id)
    assert "ref" not in copy.fields and "date" not in copy.fields and copy.fields["closing"] == "จึงเรียนมาเพื่อโปรดทราบ"
    assert {x.id for x in list_letters(db)} == {letter.id, copy.id}
    assert [x.id for x in list_letters(db, status="draft")] == [copy.id]


def test_cancelling_a_letter_keeps_its_number_in_the_register(office):
    db, signer = office
    letter, entry = issue_letter(db, _memo(db, signer).id)
    with pytest.raises(UserError, match="เหตุผล"):
        cancel_letter(db, letter.id, "")
    cancelled = cancel_letter(db, letter.id, "ส่งซ้ำ")
    assert cancelled.status == "cancelled"
    (kept,) = list_register(db)
    assert kept.id == entry.id and kept.status == "cancelled" and kept.cancel_reason == "ส่งซ้ำ"
    _, again = issue_letter(db, duplicate_letter(db, letter.id).id)
    assert again.number == 2


def test_covering_memo_is_prefilled_and_numbered_as_covering(office, tmp_path):
    db, signer = office
    letter_id = covering_memo(db, subject="รายงานทะเบียนภาคีเครือข่าย", attachments=["รายงาน (PDF) จำนวน ๑ ชุด"],
                              source="members.list")
    letter = get_letter(db, letter_id)
    assert letter.subject == "ส่งรายงานทะเบียนภาคีเครือข่าย"
    assert letter.to_whom == "ผู้ว่าราชการจังหวัดกำแพงเพชร"
    assert letter.attachments == ["รายงาน (PDF) จำนวน ๑ ชุด"] and letter.signer_id == signer.id
    assert letter.source == "covering:members.list"
    _, entry = issue_letter(db, letter_id)
    assert entry.kind == "covering"
    text = pdf_text(render_letter(db, letter_id, tmp_path / "c.pdf"))
    assert "ส่งรายงานทะเบียนภาคีเครือข่าย" in text and "๑. รายงาน (PDF) จำนวน ๑ ชุด" in text
    assert "จึงเรียนมาเพื่อโปรดทราบ" in text


def test_viewer_may_not_write_letters(office):
    db, signer = office
    draft = _memo(db, signer)
    login(db, VIEWER)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เขียนและออกเลขหนังสือ"):
        new_letter(db, "memo")
    with pytest.raises(UserError, match="ไม่มีสิทธิ์เขียนและออกเลขหนังสือ"):
        issue_letter(db, draft.id)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์"):
        covering_memo(db, subject="ก", attachments=[])


def test_register_report_pdf_and_xlsx(office, tmp_path):
    db, signer = office
    for i in range(3):
        issue_letter(db, _memo(db, signer, subject=f"เรื่องที่ {i + 1}").id, on=date(2026, 11, 1 + i))
    cancel_letter(db, list_letters(db)[0].id, "พิมพ์ผิด")
    pdf = render_report(db, "correspondence.register", tmp_path / "r.pdf", {"year": 2569})
    text = pdf_text(pdf)
    assert "ทะเบียนหนังสือส่ง" in text and "ยกเลิก: พิมพ์ผิด" in text and "เรื่องที่ ๓" in text
    xlsx = render_report(db, "correspondence.register", tmp_path / "r.xlsx", {"year": 2569})
    assert xlsx.exists()


def test_minutes_titles_typed_with_what_the_template_prints_are_not_doubled(office):
    from moi_desktop.correspondence import agenda_from_text

    db, _signer = office
    agenda = agenda_from_text("ระเบียบวาระที่ ๑ เรื่องแจ้ง\nประธานแจ้ง\nมติที่ประชุม รับทราบ\n\nระเบียบวาระที่ 2: อื่น ๆ")
    assert agenda[0] == {"title": "ระเบียบวาระที่ ๑ เรื่องแจ้ง", "body": ["ประธานแจ้ง"], "resolution": "รับทราบ"}
    minutes = new_letter(db, "minutes", subject="รายงานการประชุมคณะกรรมการหมู่บ้าน", fields={"agenda": agenda})
    spec = letter_spec(db, minutes)
    assert spec.title == "คณะกรรมการหมู่บ้าน"
    assert [a.title for a in spec.agenda] == ["เรื่องแจ้ง", "อื่น ๆ"]
    assert spec.agenda[0].resolution == "รับทราบ"


def test_a_date_written_in_the_draft_is_the_date_of_issue(office):
    db, signer = office
    draft = _memo(db, signer, fields={"date": "30/11/2569"})
    assert draft.fields["date"] == "2026-11-30"
    letter, entry = issue_letter(db, draft.id)
    assert entry.date == date(2026, 11, 30) and letter.fields["date"] == "2026-11-30"


def test_a_failed_issue_takes_no_number(office, monkeypatch):
    """The number and the letter's change commit together: a failure while freezing the letter
    leaves the register as it was."""
    from moi_desktop.correspondence import letters

    db, signer = office
    draft = _memo(db, signer)
    real = letters.update_row

    def failing(db_, table, row_id, values):
        if table == "letters":
            raise RuntimeError("disk full")
        return real(db_, table, row_id, values)

    monkeypatch.setattr(letters, "update_row", failing)
    with pytest.raises(RuntimeError):
        issue_letter(db, draft.id)
    assert list_register(db) == [] and get_letter(db, draft.id).status == "draft"
    monkeypatch.setattr(letters, "update_row", real)
    assert issue_letter(db, draft.id)[1].number == 1
