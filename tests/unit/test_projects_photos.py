"""Activity photos are checked by content, not by name: the stored suffix follows the bytes."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.media import sniff_suffix
from moi_desktop.projects import activity_photos, add_activity, add_activity_photo, add_project, photo_file

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00 rest of a jpeg"
PNG = b"\x89PNG\r\n\x1a\n rest of a png"


@pytest.mark.parametrize(("head", "suffix"), [(PNG, ".png"), (JPEG, ".jpg"), (b"GIF89a", None), (b"", None),
                                              (b"not a picture", None)])
def test_sniff_suffix(head, suffix):
    assert sniff_suffix(head) == suffix


def test_content_decides_and_text_is_refused(db, tmp_path):
    pid = add_project(db, {"title": "โครงการ", "category": 1})
    activity = add_activity(db, pid, {"title": "กิจกรรม"})
    disguised = tmp_path / "photo.png"
    disguised.write_bytes(JPEG)
    photo_id = add_activity_photo(db, activity, disguised, "after")
    row = next(r for r in activity_photos(db, activity) if r["id"] == photo_id)
    assert row["suffix"] == ".jpg" and photo_file(row).read_bytes() == JPEG
    text = tmp_path / "notes.png"
    text.write_bytes(b"not a picture at all")
    with pytest.raises(UserError) as exc:
        add_activity_photo(db, activity, text, "before")
    assert exc.value.field == "photo" and "ไม่ใช่รูปภาพ" in exc.value.message
    assert len(activity_photos(db, activity)) == 1
