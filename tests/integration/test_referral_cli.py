"""`referral new|reply|list` end to end: the letter numbered from the outgoing register and printed,
the reply recorded, unanswered referrals listed."""

import json

from pypdf import PdfReader

from moi_desktop.cli import main
from moi_desktop.db import open_database
from moi_desktop.documents.garuda import placeholder_garuda
from moi_desktop.office import default_office_for_district, save_office, set_office_garuda


def test_refer_a_case_reply_and_list(db_path, tmp_path, capsys):
    db = open_database(db_path)
    office = default_office_for_district(db, "5001")
    office.ref_prefix = "ชม ๐๐๑๘"
    save_office(db, office)
    db.close()
    path = str(db_path)
    assert main(["officials", "add", "--db", path, "--name", "นายสมมติ ทดสอบ", "--position", "นายอำเภอ"]) == 0
    assert main(["cases", "add", "--db", path, "--head", "นายสมชาย ใจดี", "--house-no", "12", "--moo", "3",
                 "--subdistrict", "500101", "--indicator", "2", "--date", "01/08/2565",
                 "--description", "หลังคารั่ว"]) == 0
    case_id = capsys.readouterr().out.strip().splitlines()[-1]
    # Without the office's Garuda the letter cannot print: refused before a number is taken.
    assert main(["referral", "new", case_id, "--agency", "อบต.", "--out", str(tmp_path / "x.pdf"), "--db", path]) == 2
    assert "ภาพครุฑ" in capsys.readouterr().err
    db = open_database(db_path)
    set_office_garuda(db, placeholder_garuda())
    db.close()
    letter = tmp_path / "referral.pdf"
    assert main(["referral", "new", case_id, "--agency", "องค์การบริหารส่วนตำบลสุเทพ", "--date", "05/08/2565",
                 "--out", str(letter), "--db", path]) == 0
    out = capsys.readouterr().out
    assert "หนังสือที่ ชม ๐๐๑๘/๑" in out
    referral_id = out.strip().rsplit(": ", 1)[1]
    text = "".join(p.extract_text() for p in PdfReader(str(letter)).pages).replace("\u0e4d\u0e32", "\u0e33")
    assert "ชม ๐๐๑๘/๑" in text and "องค์การบริหารส่วนตำบลสุเทพ" in text
    assert main(["referral", "list", "--no-reply-days", "10", "--db", path]) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == [referral_id]  # years ago by now
    assert main(["referral", "reply", referral_id, "--outcome", "ดีมาก", "--db", path]) == 2
    assert "ไม่อยู่ในรายการ" in capsys.readouterr().err
    assert main(["referral", "reply", referral_id, "--outcome", "helped", "--date", "20/08/2565",
                 "--text", "ซ่อมหลังคาแล้ว", "--db", path]) == 0
    capsys.readouterr()
    assert main(["referral", "list", "--no-reply-days", "10", "--db", path]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["referral", "list", "--db", path]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert (row["ref"], row["outcome_th"], row["reply_on"]) == ("ชม ๐๐๑๘/๑", "ช่วยเหลือแล้ว", "2022-08-20")
