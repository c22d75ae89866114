"""Meeting reports from the registry: the register, actions by owner and status, attendance rate
per person across a series (PDF and XLSX from one definition), the sign-in sheet with a QR per
invited member and the minutes."""

from openpyxl import load_workbook
from pypdf import PdfReader

from moi_desktop.meetings import (
    add_action,
    add_invitee,
    create_meeting,
    record_substitute,
    set_action_status,
    set_invitee_status,
)
from moi_desktop.reports import render_report
from moi_desktop.thai import to_thai_digits
from tests.attendance_support import add_people
from tests.integration.test_documents_memo import normalise

SERIES = "ประชุมติดตามงาน"


def _series(db):
    people = add_people(db, 3)
    meetings = []
    for n, day in enumerate(("2026-01-15", "2026-02-15", "2026-03-15")):
        m = create_meeting(db, {"title": SERIES, "date": day, "chair_name": "นายประธาน ดี", "start_time": "09:00"})
        inv = [add_invitee(db, m, member_id=p, role="กรรมการ") for p in people]
        set_invitee_status(db, inv[0], "present")  # 3 of 3
        if n < 2:
            set_invitee_status(db, inv[1], "present")  # 2 of 3, then a substitute
        else:
            record_substitute(db, inv[1], name="นายแทน ชั่วคราว")
        set_invitee_status(db, inv[2], "absent", reason="ติดราชการ")  # 0 of 3
        meetings.append(m)
    a = add_action(db, meetings[0], {"what": "งานแรก", "owner_name": "ข. หน่วยงาน", "due_date": "2026-01-31"})
    add_action(db, meetings[1], {"what": "งานสอง", "owner_name": "ก. หน่วยงาน"})
    set_action_status(db, a, "done")
    return meetings, people


def test_attendance_rate_per_person_across_the_series(db, tmp_path):
    _series(db)
    out = render_report(db, "meeting-attendance", tmp_path / "rate.xlsx", {"series": SERIES})
    rows = [r for r in load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if r and "ร้อยละที่มาเอง" in [str(c) for c in r])
    data = [r for r in rows[header + 1:] if r and r[1]]
    by_name = {r[1]: r for r in data}
    first, second, third = (to_thai_digits(f"นายผู้อบรม{n:05d} สกุล{n}") for n in range(3))  # as printed
    columns = [str(c) for c in rows[header]]
    rate, with_sub = columns.index("ร้อยละที่มาเอง"), columns.index("ร้อยละรวมผู้แทน")
    assert round(by_name[first][rate]) == 100 and round(by_name[second][rate]) == 67
    assert round(by_name[second][with_sub]) == 100 and round(by_name[third][rate]) == 0
    pdf = render_report(db, "meeting-attendance", tmp_path / "rate.pdf", {"series": SERIES})
    assert normalise("ร้อยละการเข้าประชุมรายบุคคล") in normalise(PdfReader(pdf).pages[0].extract_text())


def test_register_actions_signin_and_minutes_render(db, tmp_path):
    meetings, people = _series(db)
    register = render_report(db, "meeting-register", tmp_path / "register.xlsx", {"series": SERIES})
    cells = [str(c) for row in load_workbook(register).worksheets[0].iter_rows(values_only=True) for c in row if c]
    assert "2/3" in cells or "๒/๓" in cells  # two of three invitees came to each (a substitute counts)
    actions = render_report(db, "meeting-actions", tmp_path / "actions.pdf", {})
    text = normalise("".join(p.extract_text() for p in PdfReader(actions).pages))
    assert text.index(normalise("ก. หน่วยงาน")) < text.index(normalise("ข. หน่วยงาน"))  # by owner
    assert normalise("ดำเนินการแล้ว") in text and normalise("อยู่ระหว่างดำเนินการ") in text
    signin = render_report(db, "meeting-signin", tmp_path / "signin.pdf", {"meeting": meetings[0]})
    signin_text = "".join(p.extract_text() for p in PdfReader(signin).pages)
    assert all(p in signin_text for p in people)  # each invited member's QR code as hidden text
    assert normalise("ใบลงลายมือชื่อผู้เข้าประชุม") in normalise(signin_text)
    minutes = render_report(db, "meeting-minutes", tmp_path / "minutes.pdf", {"meeting": meetings[2]})
    assert normalise("(แทน)") in normalise("".join(p.extract_text() for p in PdfReader(minutes).pages))
