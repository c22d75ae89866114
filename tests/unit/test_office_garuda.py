"""The office's Garuda image: checked, stored as bytes in the database, kept through backups and
restores and through the upgrade from a file path; the CLI sets it with a role check."""

import io

import pytest
from PIL import Image, ImageDraw

from moi_desktop.cli import main
from moi_desktop.db import migrations, open_database
from moi_desktop.db.rows import update_row
from moi_desktop.documents.garuda import check_garuda, placeholder_garuda, read_garuda_file
from moi_desktop.errors import UserError
from moi_desktop.office import (
    default_office_for_district,
    get_office,
    get_office_garuda,
    save_office,
    set_office_garuda,
)
from moi_desktop.security.integrity import verify
from tests.fast_db import raw


def _png(mode="RGBA", size=(300, 300), clear=True) -> bytes:
    image = Image.new(mode, size, (0, 0, 0, 0) if clear and mode == "RGBA" else "white")
    ImageDraw.Draw(image).ellipse((size[0] // 5, size[1] // 5, size[0] * 4 // 5, size[1] * 4 // 5), fill="black")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG" if mode != "JPEG" else "JPEG")
    return buffer.getvalue()


def test_a_transparent_png_is_a_garuda():
    image = check_garuda(_png())
    assert (image.width, image.height) == (300, 300)
    assert check_garuda(placeholder_garuda().data).height == 300


@pytest.mark.parametrize(
    "data, needle",
    [
        (_png(mode="RGB"), "โปร่งใส"),  # no alpha channel
        (_png(clear=False), "โปร่งใส"),  # alpha, but opaque everywhere
        (_png(size=(600, 200)), "สัดส่วน"),
        (_png(size=(60, 60)), "ขนาดภาพ"),
        (b"GIF89a not an image", "เปิดไฟล์ภาพครุฑไม่ได้"),
        (b"\x89PNG" + b"0" * 2_100_000, "ใหญ่เกินไป"),
    ],
)
def test_unusable_images_are_refused_in_thai(data, needle):
    with pytest.raises(UserError) as info:
        check_garuda(data)
    assert needle in info.value.message


def test_a_jpeg_is_refused(tmp_path):
    path = tmp_path / "g.jpg"
    Image.new("RGB", (300, 300), "white").save(path)
    with pytest.raises(UserError, match="PNG"):
        read_garuda_file(path)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path = tmp_path / "big.png"
    path.write_bytes(b"0" * 2_100_000)
    monkeypatch.setattr(type(path), "read_bytes", lambda self: pytest.fail("read a file that is too big"))
    with pytest.raises(UserError, match="ใหญ่เกินไป"):
        read_garuda_file(path)


def test_stored_in_the_database_and_kept_by_backup_and_restore(db_path, tmp_path):
    from moi_desktop.backup import backup_to, restore

    db = open_database(db_path)
    save_office(db, default_office_for_district(db, "5001"))
    set_office_garuda(db, placeholder_garuda(), "/some/where/garuda.png")
    assert get_office_garuda(db) == placeholder_garuda()
    assert get_office(db).garuda_path == "garuda.png"
    backup = backup_to(db, tmp_path / "backup.sqlite3")
    set_office_garuda(db, None)
    assert get_office_garuda(db) is None and get_office(db).garuda_path == ""
    db.close()
    restore(db_path, backup)
    db = open_database(db_path)
    assert get_office_garuda(db) == placeholder_garuda()
    db.close()


def test_set_needs_an_office(db):
    with pytest.raises(UserError, match="ตั้งค่าสำนักงาน"):
        set_office_garuda(db, placeholder_garuda())


def test_upgrade_reads_the_old_garuda_file_into_the_database(db_path, tmp_path, monkeypatch):
    real = migrations._modules()
    # the program before the Garuda moved into the database: every migration before m012
    monkeypatch.setattr(migrations, "_modules", lambda: [m for m in real if m < "m012"])
    old = open_database(db_path)
    save_office(old, default_office_for_district(old, "5001"))
    garuda = tmp_path / "my-garuda.png"
    garuda.write_bytes(placeholder_garuda().data)
    update_row(old, "office", get_office(old).id, {"garuda_path": str(garuda)})  # as the old program saved it
    old.close()
    monkeypatch.setattr(migrations, "_modules", lambda: real)
    new = open_database(db_path)
    assert get_office_garuda(new) == placeholder_garuda()
    assert get_office(new).garuda_path == "my-garuda.png"
    assert verify(new).ok  # the row the migration rewrote is sealed as it now is
    new.close()


def test_cli_sets_shows_and_clears_the_garuda(db_path, tmp_path, capsys):
    assert main(["init", "--db", str(db_path), "--district", "5001"]) == 0
    path = tmp_path / "garuda.png"
    path.write_bytes(_png())
    assert main(["office", "show", "--db", str(db_path)]) == 0
    assert "ยังไม่ได้ตั้ง" in capsys.readouterr().out
    assert main(["office", "set", "--db", str(db_path), "--garuda", str(path)]) == 0
    assert main(["office", "show", "--db", str(db_path)]) == 0
    assert "garuda.png (300×300" in capsys.readouterr().out
    opaque = tmp_path / "opaque.png"
    opaque.write_bytes(_png(mode="RGB"))
    assert main(["office", "set", "--db", str(db_path), "--garuda", str(opaque)]) == 2
    assert "โปร่งใส" in capsys.readouterr().err
    db = open_database(db_path)
    assert get_office_garuda(db).data == path.read_bytes()  # the refused file changed nothing
    db.close()
    assert main(["office", "set", "--db", str(db_path), "--clear-garuda"]) == 0
    db = open_database(db_path)
    assert get_office_garuda(db) is None
    db.close()


def test_cli_set_checks_the_role_once_accounts_exist(db_path, tmp_path, capsys):
    from moi_desktop.security import create_user

    assert main(["init", "--db", str(db_path), "--district", "5001"]) == 0
    db = open_database(db_path)
    create_user(db, "clerk1", "เจ้าหน้าที่", "clerk", "รหัสผ่านยาวพอ1234")
    db.close()
    password = tmp_path / "pw"
    password.write_text("รหัสผ่านยาวพอ1234", encoding="utf-8")
    path = tmp_path / "garuda.png"
    path.write_bytes(_png())
    args = ["office", "set", "--db", str(db_path), "--garuda", str(path)]
    assert main(args) == 2  # no user given
    assert main([*args, "--user", "clerk1", "--password-file", str(password)]) == 2
    assert "ไม่มีสิทธิ์แก้ไขข้อมูลสำนักงาน" in capsys.readouterr().err
    db = open_database(db_path)
    assert get_office_garuda(db) is None
    db.close()


def test_demo_office_has_a_placeholder_garuda(tmp_path):
    assert main(["demo", "--db", str(tmp_path / "demo.sqlite3")]) == 0
    db = open_database(tmp_path / "demo.sqlite3")
    assert get_office_garuda(db) == placeholder_garuda()
    db.close()
    conn = raw(tmp_path / "demo.sqlite3")
    assert conn.execute("SELECT typeof(garuda_png) FROM office").fetchone()[0] == "blob"
    conn.close()


def test_only_an_administrator_acting_on_the_database_sets_the_garuda(accounts_db):
    from tests.accounts_support import ADMIN, CLERK, login

    login(accounts_db, CLERK)
    with pytest.raises(UserError, match="ไม่มีสิทธิ์แก้ไขข้อมูลสำนักงาน"):
        set_office_garuda(accounts_db, placeholder_garuda())
    assert get_office_garuda(accounts_db) is None
    login(accounts_db, ADMIN)
    set_office_garuda(accounts_db, placeholder_garuda(), "garuda.png")
    assert get_office_garuda(accounts_db) == placeholder_garuda()
