"""Minutes made from a meeting recorded in the program reproduce seed 004: the first meeting's
content (tests/data/specs/minutes_004.json, made from the seed) entered as a meeting — invitees,
substitutes "(แทน)", the absent with their reason, participants, agenda with resolutions, start
and end times, recorder and checker — gives back the same MinutesSpec, and its PDF's extracted
text has every section of the source in order and equals the text of the source spec rendered
directly by the engine."""

from datetime import date

import pytest

from moi_desktop.documents import load_spec, render_spec
from moi_desktop.meetings import (
    add_invitee,
    add_item,
    add_participant,
    build_minutes_spec,
    create_meeting,
    record_substitute,
    render_meeting_minutes,
    set_invitee_status,
)
from moi_desktop.meetings.attendance import attendance_rows
from tests.integration.test_documents_memo import (
    SPECS,
    _strip_page_numbers,
    expected_parts,
    normalise,
    pypdf_pages,
)

SUBSTITUTE = "(แทน) "


@pytest.fixture
def seed_meeting(db):
    source = load_spec(SPECS / "minutes_004.json")
    series = "คณะกรรมการอำนวยการโครงการอำเภอนำร่อง"
    common = {"title": source.title, "series": series, "chair_name": source.present[0].name,
              "chair_position": source.present[0].position}
    for day in ("2022-06-28", "2022-07-26"):  # ครั้งที่ ๑ and ๒ of 2565: this one is ๓/๒๕๖๕
        create_meeting(db, {**common, "date": day})
    meeting_id = create_meeting(db, {
        **common, "date": source.date, "place": source.place, "started_at": source.start_time,
        "ended_at": source.end_time, "recorder_name": source.recorder.name,
        "recorder_position": source.recorder.position, "checker_name": source.checker.name,
        "checker_position": source.checker.position,
        "agenda_headings": {n: item.title for n, item in enumerate(source.agenda, 1)},
    })
    for person in source.present:
        if person.position.startswith(SUBSTITUTE):
            office = person.position.removeprefix(SUBSTITUTE)
            invitee = add_invitee(db, meeting_id, name=f"ผู้ดำรงตำแหน่ง{office}", position=office, role=person.role)
            record_substitute(db, invitee, name=person.name)
        else:
            invitee = add_invitee(db, meeting_id, name=person.name, position=person.position, role=person.role)
            set_invitee_status(db, invitee, "present")
    for person in source.absent:
        invitee = add_invitee(db, meeting_id, name=person.name, position=person.position, role=person.role)
        set_invitee_status(db, invitee, "absent", reason=person.reason)
    for person in source.others:
        add_participant(db, meeting_id, name=person.name, position=person.position)
    for n, item in enumerate(source.agenda, 1):
        add_item(db, meeting_id, {"agenda_no": n, "body": "\n".join(item.body), "resolution": item.resolution})
    return source, meeting_id


def test_the_meeting_gives_back_the_seed_spec(db, seed_meeting):
    source, meeting_id = seed_meeting
    built = build_minutes_spec(db, meeting_id)
    assert built.number == "๓/๒๕๖๕" and built.date == date(2022, 8, 30)
    for field in ("title", "number", "date", "place", "present", "absent", "others", "start_time", "end_time",
                  "agenda", "recorder", "checker", "thai_digits"):
        assert getattr(built, field) == getattr(source, field), field
    substitutes = [r for r in attendance_rows(db, meeting_id) if r["status"] == "substitute"]
    assert len(substitutes) == sum(p.position.startswith(SUBSTITUTE) for p in source.present) > 0


@pytest.mark.slow
def test_minutes_pdf_reproduces_the_seed_sections_in_order(db, seed_meeting, tmp_path):
    source, meeting_id = seed_meeting
    ours = render_meeting_minutes(db, meeting_id, tmp_path / "ours.pdf")
    theirs = render_spec(source, tmp_path / "source.pdf")
    text = "".join(_strip_page_numbers(pypdf_pages(ours), True))
    assert text == "".join(_strip_page_numbers(pypdf_pages(theirs), True))  # extraction = the source's
    # every line outside the people tables in order (a table row's wrapped cells interleave
    # in extraction: the engine's own tests follow those by drawn line); every name present
    tables = {normalise(x) for group in (source.present, source.absent, source.others) for p in group
              for x in (p.name, p.position, p.role, p.reason)}
    position = 0
    for part in expected_parts(source):
        wanted = normalise(part)
        if wanted in tables or wanted.isdigit() or wanted in {normalise(d) for d in "๐๑๒๓๔๕๖๗๘๙"}:
            continue
        found = text.find(wanted, position)
        assert found >= 0, part[:40]
        position = found + len(wanted)
    for group in (source.present, source.absent, source.others):
        for person in group:  # a name wraps only at its space: each part comes out whole
            assert all(normalise(word) in text for word in person.name.split()), person.name
    sections = ["ผู้มาประชุม", "ผู้ไม่มาประชุม", "ผู้เข้าร่วมประชุม", "เริ่มประชุมเวลา", "ระเบียบวาระที่๑",
                "ระเบียบวาระที่๒", "ระเบียบวาระที่๓", "ระเบียบวาระที่๔", "เลิกประชุมเวลา", "ผู้จดรายงานการประชุม",
                "ผู้ตรวจรายงานการประชุม"]
    at = [text.find(s) for s in sections]
    assert -1 not in at and at == sorted(at)
