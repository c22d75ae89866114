"""Referrals from the cases page: the dialog issues a numbered letter, the list records a reply."""

import os
from datetime import date

from moi_desktop.cases import add_case, add_household, require_case
from moi_desktop.cases.referrals import list_referrals
from moi_desktop.cases.store import indicator_by_number
from moi_desktop.correspondence import add_official
from ui.dialogs.referrals import ReferralDialog, ReferralsDialog, ReplyDialog

TODAY = date(2025, 3, 1)


def _case(db) -> str:
    hid = add_household(db, {"head_name": "นายสมชาย ใจดี", "house_no": "12", "moo": "3", "subdistrict_code": "500101"})
    return add_case(db, {"household_id": hid, "indicator_id": indicator_by_number(db, 2)["id"],
                         "reported_on": "2025-01-10", "description": "หลังคารั่ว"}, today=TODAY)


def test_refer_a_case_and_record_the_reply(ctx, qtbot):
    add_official(ctx.db, name="นายสมมติ ทดสอบ", position="นายอำเภอเมืองเชียงใหม่")
    case_id = _case(ctx.db)
    dialog = ReferralDialog(ctx, case_id, today=TODAY)
    qtbot.addWidget(dialog)
    dialog.save()
    assert "กรุณาระบุหน่วยงานที่ส่งต่อ" in dialog.errors.labels["agency"].text()
    dialog.agency.setText("องค์การบริหารส่วนตำบลสุเทพ")
    dialog.on.setText("1/2/2568")
    referral = dialog.save()
    assert referral is not None and referral.ref.endswith("/๑")
    assert require_case(ctx.db, case_id)["status"] == "referred"

    listing = ReferralsDialog(ctx, today=TODAY)
    qtbot.addWidget(listing)
    listing.waiting.setChecked(True)  # unanswered past the 15 days the letter asked for
    assert listing.table.rowCount() == 1 and listing.table.item(0, 5).text() == "ยังไม่ตอบกลับ"
    shots = os.environ.get("MOI_SCREENSHOTS")
    if shots:
        listing.show()
        listing.grab().save(f"{shots}/referrals.png")
        dialog.show()
        dialog.grab().save(f"{shots}/referral_dialog.png")
    listing.table.selectRow(0)
    reply = ReplyDialog(ctx, listing.selected(), listing, today=TODAY)
    qtbot.addWidget(reply)
    reply.on.setText("20/2/2568")
    reply.outcome.setCurrentIndex(reply.outcome.findData("helped"))
    reply.text.setText("ซ่อมหลังคาแล้ว")
    assert reply.save()
    listing.refresh()
    assert listing.table.rowCount() == 0  # answered: no longer waiting
    assert list_referrals(ctx.db)[0].outcome == "helped"
