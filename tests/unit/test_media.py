"""Photo intake: checked by name and size, stored once by content hash, found again by hash."""

import pytest

from moi_desktop.errors import UserError
from moi_desktop.media import CASE_PHOTOS, MAX_PHOTO_BYTES, MEMBER_PHOTOS, read_photo, store_photo, stored_photo

PNG = b"\x89PNG\r\n\x1a\n a png"


def test_the_same_picture_is_one_file_in_its_areas_folder(tmp_path, _isolated_data_dir):
    first = store_photo(CASE_PHOTOS, PNG, ".png")
    assert store_photo(CASE_PHOTOS, PNG, ".png") == first
    assert [p.name for p in (_isolated_data_dir / CASE_PHOTOS).iterdir()] == [f"{first}.png"]
    assert stored_photo(CASE_PHOTOS, first, ".png").read_bytes() == PNG
    assert stored_photo(CASE_PHOTOS, first) == stored_photo(CASE_PHOTOS, first, ".png")  # any suffix
    assert stored_photo(MEMBER_PHOTOS, first) is None  # areas never share files
    assert stored_photo(CASE_PHOTOS, first, ".jpg") is None and stored_photo(CASE_PHOTOS, None) is None


def test_read_photo_names_what_is_wrong_in_the_areas_words(tmp_path):
    picture = tmp_path / "me.JPEG"
    picture.write_bytes(b"\xff\xd8\xff a jpeg")
    assert read_photo(picture) == (b"\xff\xd8\xff a jpeg", ".jpg")
    with pytest.raises(UserError) as exc:
        read_photo(tmp_path / "me.gif", "รูปถ่าย")
    assert exc.value.field == "photo" and exc.value.message == "รูปถ่ายต้องเป็นไฟล์ .jpg หรือ .png"
    with pytest.raises(UserError, match="ไม่พบไฟล์รูปภาพ: gone.png"):
        read_photo(tmp_path / "gone.png")
    big = tmp_path / "big.png"
    with big.open("wb") as f:
        f.truncate(MAX_PHOTO_BYTES + 1)
    with pytest.raises(UserError, match="ใหญ่เกิน"):
        read_photo(big)
