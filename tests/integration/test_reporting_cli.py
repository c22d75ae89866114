"""calendar / submission / orders from the command line, end to end."""

import json

from moi_desktop.cli import main
from tests.reporting_support import SUBMIT_PASSWORD, ready_office


def test_cli_cycle(make_office_db, fast_kdf, tmp_path, capsys):
    district = make_office_db("d6205", "district", "6205")
    ready_office(district)
    prov = make_office_db("p62", "province", "62")
    from moi_desktop.documents.garuda import placeholder_garuda
    from moi_desktop.office import set_office_garuda

    set_office_garuda(prov, placeholder_garuda(), "placeholder-garuda.png")
    d, p = str(district.path), str(prov.path)
    pw = tmp_path / "pw.txt"
    pw.write_text(SUBMIT_PASSWORD + "\n")

    assert main(["calendar", "add", "--db", d, "--code", "survey", "--title", "แบบสำรวจ", "--kind", "once",
                 "--due-date", "2027-01-15", "--report", "cases-by-status:date_to={end}"]) == 0
    assert main(["calendar", "edit", "survey", "--db", d, "--inactive"]) == 0
    assert "ไม่ใช้งาน" in capsys.readouterr().out
    assert main(["calendar", "warn-days", "--db", d, "6"]) == 0
    assert capsys.readouterr().out.strip() == "6"
    assert main(["calendar", "list", "--db", d, "--date", "2026-12-01"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert "survey" not in {o["code"] for o in listed["obligations"]}  # inactive
    states = {(e["obligation"], e["period"]): e["state_th"] for e in listed["periods"]}
    assert states[("disbursement", "2026-11")] == "ใกล้ครบกำหนด"

    drive = tmp_path / "stick"
    drive.mkdir()
    assert main(["submission", "build", "--db", d, "--obligation", "disbursement", "--period", "2026-11",
                 "--drive", str(drive), "--password-file", str(pw)]) == 0
    assert "บันทึกนำส่งที่" in capsys.readouterr().out
    (folder,) = drive.iterdir()
    assert main(["submission", "import", str(folder), "--db", p, "--password-file", str(pw)]) == 0
    assert "นำเข้าแล้ว" in capsys.readouterr().out
    assert main(["submission", "status", "--db", p, "--obligation", "disbursement", "--period", "2026-11",
                 "--periods", "1"]) == 0
    board = json.loads(capsys.readouterr().out)[0]
    cells = {r["district"]: r["cells"][0]["state"] for r in board["districts"]}
    assert cells["6205"] in ("sent", "late") and cells["6201"] == "missing"
    assert main(["submission", "status", "--db", d]) == 0
    assert json.loads(capsys.readouterr().out)[0]["period"] == "2026-11"
    out = tmp_path / "letters"
    out.mkdir()
    assert main(["submission", "remind", "--db", p, "--obligation", "disbursement", "--period", "2026-11",
                 "--out", str(out), "--date", "2026-12-10", "--missing-only"]) == 0
    assert len(list(out.glob("*.pdf"))) == 10  # every district of Kamphaeng Phet but 6205 (11 in all)
    capsys.readouterr()

    assert main(["orders", "add", "--db", d, "--from", "ผู้ว่าราชการจังหวัด", "--date", "2026-11-20",
                 "--text", "เร่งรัดการเบิกจ่าย", "--due", "2026-11-30"]) == 0
    order_id = capsys.readouterr().out.strip()
    assert main(["orders", "list", "--db", d, "--status", "overdue", "--date", "2026-12-01"]) == 0
    assert [o["id"] for o in json.loads(capsys.readouterr().out)] == [order_id]
    assert main(["orders", "action", order_id, "ส่งรายงานแล้ว", "--db", d, "--date", "2026-12-01"]) == 0
    assert main(["orders", "status", order_id, "done", "--db", d, "--date", "2026-12-02"]) == 0
    assert "ดำเนินการแล้ว" in capsys.readouterr().out
