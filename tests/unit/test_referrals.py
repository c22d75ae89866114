"""Referrals: a case referred to an agency gets a letter numbered from the
outgoing register; the reply and outcome are recorded; unanswered referrals are listed after N days."""

from datetime import date

import pytest

from moi_desktop.cases import add_case, add_household, case_actions, require_case
from moi_desktop.cases.referrals import list_referrals, new_referral, record_reply, without_reply
from moi_desktop.cases.store import indicator_by_number
from moi_desktop.correspondence import add_official, get_letter, list_register
from moi_desktop.errors import UserError
from moi_desktop.office import default_office_for_district, save_office

TODAY = date(2025, 3, 1)


@pytest.fixture
def office(db):
    office = default_office_for_district(db, "5001")
    office.ref_prefix = "ชม ๐๐๑๘"
    save_office(db, office)
    add_official(db, name="นายสมมติ ทดสอบ", position="นายอำเภอเมืองเชียงใหม่")
    return db


def _case(db, house="12", description="บ้านทรุดโทรม หลังคารั่ว", sensitive=0) -> str:
    hid = add_household(db, {"head_name": "นายสมชาย ใจดี", "house_no": house, "moo": "3", "subdistrict_code": "500101"})
    indicator = indicator_by_number(db, 2)
    return add_case(db, {"household_id": hid, "indicator_id": indicator["id"], "reported_on": "2025-01-10",
                         "description": description, "sensitive": sensitive}, today=TODAY)


def test_a_referral_letter_is_numbered_from_the_outgoing_register(office):
    db = office
    first = _case(db)
    second = _case(db, house="13")
    r1 = new_referral(db, first, "องค์การบริหารส่วนตำบลสุเทพ", on="2025-02-01", today=TODAY)
    r2 = new_referral(db, second, "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่",
                      to_whom="พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่", on="2025-02-03", today=TODAY)
    register = list_register(db, 2025)
    assert [(e.number, e.to_whom) for e in register] == [
        (1, "องค์การบริหารส่วนตำบลสุเทพ"), (2, "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดเชียงใหม่")]
    assert r1.ref == "ชม ๐๐๑๘/๑" and r2.ref == "ชม ๐๐๑๘/๒"
    letter = get_letter(db, r1.letter_id)
    assert letter.status == "issued" and letter.kind == "letter"
    assert "ครัวเรือนนายสมชาย ใจดี" in letter.body[0] and "หลังคารั่ว" in letter.body[0]
    assert "ภายใน 15 วัน" in letter.body[1]
    case = require_case(db, first)
    assert case["status"] == "referred"
    assert case_actions(db, first)[-1]["what"] == "ส่งต่อองค์การบริหารส่วนตำบลสุเทพ หนังสือที่ ชม ๐๐๑๘/๑"


def test_reply_outcome_and_referrals_without_reply(office):
    db = office
    r1 = new_referral(db, _case(db), "อบต.สุเทพ", on="2025-02-01", today=TODAY)
    r2 = new_referral(db, _case(db, house="13"), "พมจ.เชียงใหม่", on="2025-02-20", reply_within_days=30,
                      today=TODAY)
    assert [r.id for r in without_reply(db, today=TODAY)] == [r1.id]  # 28 days > 15 asked; r2 within its 30
    assert [r.id for r in without_reply(db, 5, today=TODAY)] == [r1.id, r2.id]  # "after N days"
    with pytest.raises(UserError, match="ไม่ก่อนวันที่ส่งต่อ"):
        record_reply(db, r1.id, on="2025-01-01", outcome="helped", today=TODAY)
    with pytest.raises(UserError, match="ไม่อยู่ในรายการ"):
        record_reply(db, r1.id, on="2025-02-25", outcome="ดีมาก", today=TODAY)
    done = record_reply(db, r1.id, on="2025-02-25", outcome="ช่วยเหลือแล้ว", text="ซ่อมหลังคาแล้ว",
                        reply_ref="ชม ๗๑๒๐๑/๓๓", today=TODAY)
    assert (done.reply_on, done.outcome_th, done.reply_ref) == (date(2025, 2, 25), "ช่วยเหลือแล้ว", "ชม ๗๑๒๐๑/๓๓")
    assert [r.id for r in without_reply(db, 5, today=TODAY)] == [r2.id]
    assert "อบต.สุเทพตอบกลับ: ช่วยเหลือแล้ว (ซ่อมหลังคาแล้ว)" in case_actions(db, r1.case_id)[-1]["what"]


def test_a_refused_referral_leaves_no_number_behind(db):
    office = default_office_for_district(db, "5001")
    office.ref_prefix = "ชม ๐๐๑๘"
    save_office(db, office)
    case_id = _case(db)  # no official to sign yet
    with pytest.raises(UserError, match="ยังไม่มีเจ้าหน้าที่ผู้ลงนาม"):
        new_referral(db, case_id, "อบต.สุเทพ", today=TODAY)
    assert list_register(db, TODAY.year) == [] and list_referrals(db) == []
    assert require_case(db, case_id)["status"] == "received"


def test_a_sensitive_case_letter_leaves_the_details_out(office):
    db = office
    case_id = _case(db, description="ผู้ป่วยติดเตียง โรคประจำตัว", sensitive=1)
    r = new_referral(db, case_id, "โรงพยาบาลส่งเสริมสุขภาพตำบล", today=TODAY)
    assert "ติดเตียง" not in " ".join(get_letter(db, r.letter_id).body)
